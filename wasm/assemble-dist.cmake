# Assembles dist/ from the module build and web/ (run with cmake -P by the mixpay_dist
# target). Inputs: MODULE_DIR (where mixpay-checkout.{js,wasm} were linked), WEB_DIR, DIST_DIR.
foreach(var MODULE_DIR WEB_DIR DIST_DIR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "assemble-dist.cmake needs -D${var}=...")
  endif()
endforeach()

file(MAKE_DIRECTORY "${DIST_DIR}")

# The glue ends with a UMD footer that calls an AMD define() when the page has one. The
# shim loads the glue with a plain <script> and uses its global factory, so the footer can
# only do harm: an anonymous define() breaks pages that use RequireJS. It is cut off.
file(READ "${MODULE_DIR}/mixpay-checkout.js" glue)
string(FIND "${glue}" "if (typeof exports === 'object' && typeof module === 'object')" umd REVERSE)
if(umd EQUAL -1)
  message(FATAL_ERROR "the Emscripten glue has no UMD footer where one was expected")
endif()
string(SUBSTRING "${glue}" 0 ${umd} glue)
file(WRITE "${DIST_DIR}/mixpay-core.js.tmp" "${glue}")
file(RENAME "${DIST_DIR}/mixpay-core.js.tmp" "${DIST_DIR}/mixpay-core.js")

# The contract's file names: the glue already asks for mixpay-checkout.wasm.
file(COPY_FILE "${MODULE_DIR}/mixpay-checkout.wasm" "${DIST_DIR}/mixpay-checkout.wasm"
     ONLY_IF_DIFFERENT)
foreach(name mixpay-checkout.js mixpay-checkout.d.ts package.json)
  file(COPY_FILE "${WEB_DIR}/${name}" "${DIST_DIR}/${name}" ONLY_IF_DIFFERENT)
endforeach()
