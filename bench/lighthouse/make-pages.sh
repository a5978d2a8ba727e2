#!/usr/bin/env bash
# Writes the variants of the Lighthouse product page into DIR (lighthouse.mjs runs it at
# bench time; bench/run keeps them with the results, so each run's pages are there to read,
# exactly what a merchant serves).
#
#   bench/lighthouse/make-pages.sh DIR
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: make-pages.sh DIR" >&2; exit 2; }
mkdir -p "$1"
cd "$1"
payee=a0d7791408776b47eb1dd3f94ed15d6a
settle=c6d0c728-2624-429b-8e0d-d9d19b6592fa

head() { # $1: title, $2: extra head lines
  cat <<EOF
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="Single-origin espresso beans from Huila, Colombia, roasted this week.">
<title>$1</title>
<style>
  body { margin: 0; font: 16px/1.5 system-ui, sans-serif; color: #222; background: #fff; }
  header, main, footer { max-width: 40rem; margin: 0 auto; padding: 0 1rem; }
  header { display: flex; justify-content: space-between; align-items: center; height: 3rem; }
  header a { color: #222; text-decoration: none; font-weight: 600; }
  .product-image { display: block; width: 100%; height: auto; border-radius: 4px; }
  h1 { font-size: 1.5rem; margin: 1rem 0 0.25rem; }
  .price { font-size: 1.25rem; font-weight: 600; margin: 0 0 1rem; }
  .pay-link { display: inline-block; padding: 0.6rem 1.2rem; border-radius: 4px;
              background: #3a66e0; color: #fff; text-decoration: none; }
  .variants { list-style: none; padding: 0; }
  .variants li { padding: 0.5rem 0; border-bottom: 1px solid #eee; }
  footer { color: #666; font-size: 0.875rem; padding-bottom: 2rem; }
  [data-mixpay-checkout] { min-height: 48px; }
</style>
$2</head>
<body>
<header><a href="/">Huila Coffee Roasters</a><a href="/cart">Cart (0)</a></header>
<main>
<img class="product-image" src="/product.jpg" width="800" height="800"
     alt="A bag of Huila espresso beans on a wooden table">
<h1>Huila espresso beans, 1 kg</h1>
<p class="price">10.00 USD</p>
EOF
}

tail_() {
  cat <<'EOF'
<h2>About these beans</h2>
<p>Grown at 1,700 metres in Huila, Colombia, washed and sun-dried, roasted medium-dark for
espresso. Notes of dark chocolate, red apple and cane sugar. Roasted to order every Monday
and Thursday; shipped the same day in a valve bag that keeps them fresh for a month.</p>
<p>Grind just before brewing: 18 g in, 36 g out in 27 to 30 seconds. Also fine in a moka
pot or a French press, ground coarser.</p>
</main>
<footer>Payments in crypto by MixPay. Shipping worldwide from 5 USD.</footer>
</body>
</html>
EOF
}

# The button as README.md embeds it, with its own order id and amount (its space reserved
# by the stylesheet above, as the README says).
button() { # $1: order id, $2: amount
  cat <<EOF
<div data-mixpay-checkout
     data-payee-id="$payee"
     data-quote-amount="$2"
     data-quote-asset-id="usd"
     data-settlement-asset-id="$settle"
     data-order-id="$1"
     data-return-to="https://shop.example/thanks?order={orderId}"
     data-failed-return-to="https://shop.example/failed?trace={traceId}"></div>
EOF
}

script='<script src="/dist/mixpay-checkout.js" defer></script>
'

# Baseline: a plain link to MixPay's payment page with the same parameters.
{
  head "Huila espresso beans, 1 kg (pay link)" ""
  echo "<p><a class=\"pay-link\" href=\"https://mixpay.me/pay?payeeId=$payee&amp;settlementAssetId=$settle&amp;quoteAssetId=usd&amp;quoteAmount=10&amp;orderId=order_1001\">Pay with crypto</a></p>"
  tail_
} >link.html

{
  head "Huila espresso beans, 1 kg (one button)" "$script"
  button order_1001 10
  tail_
} >button.html

# The same button with its script added when the page has loaded (after the photo), for
# comparison (not in bench/run's default set: --variants link,button,button-onload).
{
  head "Huila espresso beans, 1 kg (one button, script after load)" '<script>
  addEventListener("load", () => {
    const script = document.createElement("script");
    script.src = "/dist/mixpay-checkout.js";
    document.head.append(script);
  });
</script>
'
  button order_1001 10
  tail_
} >button-onload.html

# Twenty buttons: the same product in twenty pack sizes, each with its own button.
{
  head "Huila espresso beans, 1 kg (20 buttons)" "$script"
  echo '<ul class="variants">'
  for i in $(seq 1 20); do
    echo "<li>Pack of $i kg: $((i * 10)).00 USD"
    button "order_10$(printf %02d "$i")" "$((i * 10))"
    echo '</li>'
  done
  echo '</ul>'
  tail_
} >buttons-20.html
