# The WebAssembly module for the browser and the dist/ folder the contract names.
# Included by wasm/CMakeLists.txt when building with Emscripten.

# The core's sources are compiled again here rather than linked from mixpay_core: with
# -flto across the core, the bindings and the system libraries, the linker drops what the
# module never calls (about 7% of the .wasm), and the core's own target stays as it is.
get_target_property(mixpay_core_sources mixpay_core SOURCES)
# lean_libc*.cpp: the module's own strtod and snprintf, replacing musl's (about 11 KB of
# gzip); see lean_libc.hpp for why that is safe and lean_libc_test.cpp for the proof.
add_executable(mixpay_module bindings.cpp fetch.cpp lean_libc.cpp lean_libc_overrides.cpp
               ${mixpay_core_sources})
# Built as mixpay-checkout.{js,wasm}: the glue then asks for "mixpay-checkout.wasm",
# the file name the contract fixes; the glue itself goes inside the script (see below).
set_target_properties(mixpay_module PROPERTIES OUTPUT_NAME mixpay-checkout SUFFIX ".js")
target_include_directories(mixpay_module PRIVATE "${CMAKE_CURRENT_SOURCE_DIR}/core")
target_link_libraries(mixpay_module PRIVATE mixpay_json mixpay_settings)
# No exceptions: nothing here throws (the core parses with allow_exceptions=false), and
# the default link setting leaves out the code that would catch them.
target_compile_options(mixpay_module PRIVATE -Oz -flto -fno-exceptions)
target_link_options(mixpay_module PRIVATE
  -Oz
  -flto
  # wasm-opt repeats its -Oz passes until they shrink nothing more (about 130 bytes gzip).
  -sBINARYEN_EXTRA_PASSES=--converge
  # Embind: prepare() and checkout() take and return plain JS values.
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
  # errno is never read; leaving out its JS support shrinks the glue.
  -sSUPPORT_ERRNO=0
  # The shim passes only instantiateWasm (it fetches and checks the .wasm itself, in
  # parallel with the glue); the glue need not look for other Module hooks.
  -sINCOMING_MODULE_JS_API=[instantiateWasm]
  # The glue's requests use the XMLHttpRequest the script captured at load (the shim
  # passes it as Module.xhr).
  "--pre-js=${CMAKE_CURRENT_SOURCE_DIR}/pre.js"
  # The oldest browsers with everything the shim uses (shadow DOM, ES2017, adopted styles
  # or their fallback): the glue drops polyfills for anything older.
  -sMIN_CHROME_VERSION=85
  -sMIN_FIREFOX_VERSION=79
  -sMIN_SAFARI_VERSION=140000
  # Browsers only: always use TextDecoder, drop the hand-written UTF-8 fallback.
  -sTEXTDECODER=2
  # Small stack and heap: the module parses one bounded response at a time.
  -sTOTAL_STACK=262144
  -sINITIAL_MEMORY=2097152
)
# The .wasm through binaryen 132's wasm-opt after the link (wasm-opt.cmake).
set_property(TARGET mixpay_module APPEND PROPERTY LINK_DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/pre.js")
include("${CMAKE_CURRENT_LIST_DIR}/wasm-opt.cmake")

# dist/ at the repository root: the script with the glue inside (the classic script and the
# ES module entry, bundled from web/src by esbuild and minified by terser), the .wasm, the
# translations and their integrity hashes, plus the npm metadata and types, so
# `npm publish dist` ships exactly what a static host serves. One step, tools/dist/build.mjs
# (its npm packages come from tools/install-deps). Runs on every build, so editing web/
# alone refreshes dist/ too; files whose bytes did not change are left alone. A scratch
# build can point MIXPAY_DIST_DIR elsewhere to leave the repository's dist/ alone.
set(MIXPAY_DIST_DIR "${CMAKE_SOURCE_DIR}/dist" CACHE PATH "Where the distributable is assembled")
find_program(MIXPAY_NODE NAMES node nodejs REQUIRED)
add_custom_target(mixpay_dist ALL
  COMMAND "${MIXPAY_NODE}" "${CMAKE_SOURCE_DIR}/tools/dist/build.mjs"
          --module-dir "$<TARGET_FILE_DIR:mixpay_module>"
          --web "${CMAKE_SOURCE_DIR}/web"
          --dist "${MIXPAY_DIST_DIR}"
  DEPENDS mixpay_module
  COMMENT "Building dist/"
  VERBATIM)

if(BUILD_TESTING)
  # The lean strtod and snprintf against musl's, under Node (this test does not link the
  # overrides, so the C library's functions are the reference).
  add_executable(mixpay_lean_libc_test lean_libc_test.cpp lean_libc.cpp)
  # And the core's unit tests once more, linked with the overrides: the module's parsing
  # as it runs in the browser (1e400 must still be refused, and so on).
  file(GLOB mixpay_unit_test_sources CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/tests/unit/*.cpp")
  add_executable(mixpay_unit_tests_lean_libc
    ${mixpay_unit_test_sources} lean_libc.cpp lean_libc_overrides.cpp)
  target_link_libraries(mixpay_unit_tests_lean_libc PRIVATE mixpay_core)
  foreach(test mixpay_lean_libc_test mixpay_unit_tests_lean_libc)
    target_link_libraries(${test} PRIVATE mixpay_catch2 mixpay_settings)
    # Catch2 reports failed assertions by throwing.
    target_compile_options(${test} PRIVATE -fexceptions)
    target_link_options(${test} PRIVATE
      -fexceptions -sALLOW_MEMORY_GROWTH=1 -sENVIRONMENT=node -sASSERTIONS=2
      -sSTACK_OVERFLOW_CHECK=2)
  endforeach()
  add_test(NAME lean-libc-wasm COMMAND mixpay_lean_libc_test)
  add_test(NAME unit-wasm-lean-libc COMMAND mixpay_unit_tests_lean_libc)
endif()
