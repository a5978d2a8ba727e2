#include <catch2/catch.hpp>

#include "mixpay/url.hpp"

using namespace mixpay;

TEST_CASE("form_encode_component writes what URLSearchParams writes", "[url][form]") {
    SECTION("unreserved characters stay") {
        CHECK(form_encode_component("AZaz09*-._") == "AZaz09*-._");
    }
    SECTION("reserved characters are escaped, space becomes '+'") {
        CHECK(form_encode_component("&") == "%26");
        CHECK(form_encode_component("=") == "%3D");
        CHECK(form_encode_component("+") == "%2B");
        CHECK(form_encode_component(" ") == "+");
        CHECK(form_encode_component("%") == "%25");
        CHECK(form_encode_component("#") == "%23");
        CHECK(form_encode_component("?") == "%3F");
        CHECK(form_encode_component("/") == "%2F");
        CHECK(form_encode_component("~") == "%7E");
        CHECK(form_encode_component("a b&c=d") == "a+b%26c%3Dd");
    }
    SECTION("non-ASCII characters become their UTF-8 bytes") {
        CHECK(form_encode_component("\xC3\xA9") == "%C3%A9");               // é
        CHECK(form_encode_component("\xE2\x82\xAC") == "%E2%82%AC");        // €
        CHECK(form_encode_component("\xF0\x9F\x98\x80") == "%F0%9F%98%80"); // 😀
    }
    SECTION("control bytes are escaped") {
        CHECK(form_encode_component(std::string("\0\r\n", 3)) == "%00%0D%0A");
    }
}

TEST_CASE("percent_encode keeps only RFC 3986 unreserved characters", "[url]") {
    CHECK(percent_encode("AZaz09-._~") == "AZaz09-._~");
    CHECK(percent_encode(" ") == "%20");
    CHECK(percent_encode("*") == "%2A");
    CHECK(percent_encode("a/b?c#d&e=f+g%") == "a%2Fb%3Fc%23d%26e%3Df%2Bg%25");
    CHECK(percent_encode("\xE2\x82\xAC") == "%E2%82%AC");
}

TEST_CASE("percent_decode: every request read, a malformed escape kept", "[url]") {
    CHECK(percent_decode("a+b%26c%3dd", true) == "a b&c=d");
    CHECK(percent_decode("/a+b%20c", false) == "/a+b c");
    CHECK(percent_decode("", true).empty());
    CHECK(percent_decode("%", true) == "%");
    CHECK(percent_decode("%4", true) == "%4");
    CHECK(percent_decode("abc%2", true) == "abc%2");
    CHECK(percent_decode("%G0%41", true) == "%G0A");
    CHECK(percent_decode("%%41", true) == "%A");
    CHECK(percent_decode("%00", false) == std::string(1, '\0'));
}

TEST_CASE("form_decode_component inverts form_encode_component", "[url][form]") {
    SECTION("plus, escapes in either case") {
        CHECK(form_decode_component("a+b%26c%3dd") == std::string("a b&c=d"));
        CHECK(form_decode_component("%E2%82%AC") == std::string("\xE2\x82\xAC"));
        CHECK(form_decode_component("%2B") == std::string("+"));
        CHECK(form_decode_component("") == std::string(""));
    }
    SECTION("malformed escapes") {
        CHECK_FALSE(form_decode_component("%").has_value());
        CHECK_FALSE(form_decode_component("%4").has_value());
        CHECK_FALSE(form_decode_component("%G0").has_value());
        CHECK_FALSE(form_decode_component("abc%2").has_value());
        CHECK_FALSE(form_decode_component("%41%").has_value());
        CHECK_FALSE(form_decode_component("%%41").has_value());
    }
    SECTION("round trip of every byte") {
        std::string all;
        for (int b = 0; b < 256; ++b) {
            all.push_back(static_cast<char>(b));
        }
        CHECK(form_decode_component(form_encode_component(all)) == all);
    }
}

TEST_CASE("is_absolute_url accepts absolute http(s) URLs only", "[url]") {
    const auto web = url_scheme::http_or_https;
    const auto secure = url_scheme::https_only;
    SECTION("accepted") {
        for (const char* url :
             {"https://shop.example", "https://shop.example/", "http://shop.example/thanks",
              "HTTPS://Shop.Example/a?b=c#d", "https://shop.example:8443/x",
              "http://127.0.0.1:8080/", "http://[::1]:8080/cb", "https://shop.example/?o={orderId}",
              "https://shop.example/caf\xC3\xA9", "https://localhost:1/", "https://a.b:65535"}) {
            INFO(url);
            CHECK(is_absolute_url(url, web));
        }
    }
    SECTION("schemes") {
        CHECK_FALSE(is_absolute_url("javascript:alert(1)", web));
        CHECK_FALSE(is_absolute_url("javascript://shop.example/%0Aalert(1)", web));
        CHECK_FALSE(is_absolute_url("ftp://shop.example/", web));
        CHECK_FALSE(is_absolute_url("data:text/html,x", web));
        CHECK_FALSE(is_absolute_url("file:///etc/passwd", web));
        CHECK_FALSE(is_absolute_url("httpx://shop.example/", web));
        CHECK_FALSE(is_absolute_url("http://shop.example/", secure));
        CHECK(is_absolute_url("https://shop.example/", secure));
    }
    SECTION("relative and scheme-relative") {
        CHECK_FALSE(is_absolute_url("/thanks", web));
        CHECK_FALSE(is_absolute_url("thanks", web));
        CHECK_FALSE(is_absolute_url("//shop.example/", web));
        CHECK_FALSE(is_absolute_url("https:/shop.example/", web));
        CHECK_FALSE(is_absolute_url("https:shop.example", web));
        CHECK_FALSE(is_absolute_url("", web));
    }
    SECTION("host") {
        CHECK_FALSE(is_absolute_url("https://", web));
        CHECK_FALSE(is_absolute_url("https:///path", web));
        CHECK_FALSE(is_absolute_url("https://?x", web));
        CHECK_FALSE(is_absolute_url("https://user@shop.example/", web));
        CHECK_FALSE(is_absolute_url("https://user:pw@shop.example/", web));
        CHECK_FALSE(is_absolute_url("https://shop.example@evil.example/", web));
        CHECK_FALSE(is_absolute_url("https://shop.example\\@evil.example/", web));
        CHECK_FALSE(is_absolute_url("https:\\\\evil.example", web));
        CHECK_FALSE(is_absolute_url("https://sh%6Fp.example/", web));
        CHECK_FALSE(is_absolute_url("https://[::1/", web));
        CHECK_FALSE(is_absolute_url("https://[::1]x/", web));
    }
    SECTION("port") {
        CHECK_FALSE(is_absolute_url("https://shop.example:/", web));
        CHECK_FALSE(is_absolute_url("https://shop.example:0/", web));
        CHECK_FALSE(is_absolute_url("https://shop.example:65536/", web));
        CHECK_FALSE(is_absolute_url("https://shop.example:123456/", web));
        CHECK_FALSE(is_absolute_url("https://shop.example:80a/", web));
    }
    SECTION("whitespace, controls and invalid UTF-8 anywhere") {
        CHECK_FALSE(is_absolute_url("https://shop.example/a b", web));
        CHECK_FALSE(is_absolute_url(" https://shop.example/", web));
        CHECK_FALSE(is_absolute_url("https://shop.example/\r\nSet-Cookie:x", web));
        CHECK_FALSE(is_absolute_url("https://shop.example/\t", web));
        CHECK_FALSE(is_absolute_url(std::string("https://shop.example/\0", 22), web));
        CHECK_FALSE(is_absolute_url("https://shop.example/\x7F", web));
        CHECK_FALSE(is_absolute_url("https://shop.example/\xC2\x85", web)); // U+0085
        CHECK_FALSE(is_absolute_url("https://shop.example/\xC0\xAF", web));
        CHECK_FALSE(is_absolute_url("https://shop.example/<script>", web));
        CHECK_FALSE(is_absolute_url("https://shop.example/\"", web));
    }
}

TEST_CASE("fill_placeholders replaces traceId and orderId, URL-encoded", "[url]") {
    CHECK(fill_placeholders("https://s.example/t?o={orderId}&t={traceId}", "tr-1", "order_1") ==
          "https://s.example/t?o=order_1&t=tr-1");
    CHECK(fill_placeholders("{traceId}{traceId}", "a", "b") == "aa");
    CHECK(fill_placeholders("x={orderId}", "t", "a b&c/d") == "x=a%20b%26c%2Fd");
    CHECK(fill_placeholders("x={orderId}", "t", "") == "x=");
    SECTION("other braces stay") {
        CHECK(fill_placeholders("{other}{traceid}{traceId", "t", "o") ==
              "{other}{traceid}{traceId");
        CHECK(fill_placeholders("{{traceId}}", "t", "o") == "{t}");
    }
    SECTION("a value that looks like a placeholder is not filled again") {
        CHECK(fill_placeholders("{traceId}", "{orderId}", "o") == "%7BorderId%7D");
    }
}
