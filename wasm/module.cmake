# The WebAssembly module for the browser and the dist/ folder the contract names.
# Included by wasm/CMakeLists.txt when building with Emscripten.

add_executable(mixpay_module bindings.cpp fetch.cpp)
# Built as mixpay-checkout.{js,wasm}: the glue then asks for "mixpay-checkout.wasm",
# the file name the contract fixes; the glue itself is renamed in dist/ (see below).
set_target_properties(mixpay_module PROPERTIES OUTPUT_NAME mixpay-checkout SUFFIX ".js")
target_link_libraries(mixpay_module PRIVATE mixpay_core mixpay_json mixpay_settings)
# No exceptions: nothing here throws, and the default link setting already leaves out
# the code that catches them (the core's libc++ calls may still throw, which aborts).
target_compile_options(mixpay_module PRIVATE -Oz -fno-exceptions)
# The core is compiled for size too when it goes into the module.
target_compile_options(mixpay_core PRIVATE -Oz)
target_link_options(mixpay_module PRIVATE
  -Oz
  # Embind: validate() and checkout() take and return plain JS values.
  --bind
  # Emscripten Fetch API (emscripten_fetch) for POST /v1/one_time_payment.
  -sFETCH=1
  # Requests always go to the network; the IndexedDB cache code is dead weight.
  -sFETCH_SUPPORT_INDEXEDDB=0
  # A factory function instead of a global Module, so the shim creates exactly one instance.
  -sMODULARIZE=1
  # The factory's name on the glue's global scope.
  -sEXPORT_NAME=createMixPayCore
  # Only browsers load it: no Node/worker/shell detection code.
  -sENVIRONMENT=web
  # No file system is used; leaving it out saves most of the glue.
  -sFILESYSTEM=0
  # emmalloc is far smaller than dlmalloc and the module allocates little.
  -sMALLOC=emmalloc
  # No eval/new Function in the glue, so pages with a strict CSP (no 'unsafe-eval') work.
  -sDYNAMIC_EXECUTION=0
  # The heap may grow with large responses instead of aborting.
  -sALLOW_MEMORY_GROWTH=1
  # Browsers only: always use TextDecoder, drop the hand-written UTF-8 fallback.
  -sTEXTDECODER=2
  # Small stack and heap: the module parses one bounded response at a time.
  -sTOTAL_STACK=262144
  -sINITIAL_MEMORY=2097152
)

# dist/ at the repository root: the shim, the glue (renamed) and the .wasm, plus the npm
# metadata and types so `npm publish dist` ships exactly what a static host serves.
set(MIXPAY_DIST "${CMAKE_SOURCE_DIR}/dist")
set(MIXPAY_WEB "${CMAKE_SOURCE_DIR}/web")
add_custom_command(TARGET mixpay_module POST_BUILD
  COMMAND "${CMAKE_COMMAND}" -E make_directory "${MIXPAY_DIST}"
  COMMAND "${CMAKE_COMMAND}" -E copy "$<TARGET_FILE_DIR:mixpay_module>/mixpay-checkout.js"
          "${MIXPAY_DIST}/mixpay-core.js"
  COMMAND "${CMAKE_COMMAND}" -E copy "$<TARGET_FILE_DIR:mixpay_module>/mixpay-checkout.wasm"
          "${MIXPAY_DIST}/mixpay-checkout.wasm"
  COMMENT "Copying the module into dist/"
  VERBATIM)
# Runs on every build, so editing the shim alone refreshes dist/ too.
add_custom_target(mixpay_dist ALL
  COMMAND "${CMAKE_COMMAND}" -E make_directory "${MIXPAY_DIST}"
  COMMAND "${CMAKE_COMMAND}" -E copy "${MIXPAY_WEB}/mixpay-checkout.js"
          "${MIXPAY_WEB}/mixpay-checkout.d.ts" "${MIXPAY_WEB}/package.json" "${MIXPAY_DIST}/"
  DEPENDS mixpay_module
  VERBATIM)
