#!/usr/bin/env bash
# The module's glue carries Embind's JS for the types the bindings cross and for nothing
# else (wasm/embind_types.cpp): its Embind registration functions are exactly these, and
# it has no emval (emscripten::val) code. Libembind's bind.cpp, which `--bind` links whole,
# brings bool, BigInt, std::wstring, emscripten::val and memory views besides.
#   tests/wasm/embind_glue.sh build/wasm/wasm/mixpay-checkout.js
set -euo pipefail
glue="$1"
expected="__embind_register_float __embind_register_function __embind_register_integer \
__embind_register_std_string __embind_register_void"
found=$(grep -o 'function __embind_register_[a-zA-Z_0-9]*' "$glue" | sed 's/^function //' |
  sort -u | tr '\n' ' ' | sed 's/ $//')
status=0
if [ "$found" != "$expected" ]; then
  echo "the glue's Embind registrations: $found" >&2
  echo "expected:                        $expected" >&2
  status=1
fi
if grep -q 'function __emval_' "$glue"; then
  echo "the glue carries emval functions:" $(grep -o 'function __emval_[a-zA-Z_0-9]*' "$glue") >&2
  status=1
fi
exit $status
