# The WebAssembly module for the browser and the dist/ folder the contract names.
# Included by wasm/CMakeLists.txt when building with Emscripten.

# The core's sources are compiled again here rather than linked from mixpay_core: with
# -flto across the core, the bindings and the system libraries, the linker drops what the
# module never calls (about 7% of the .wasm), and the core's own target stays as it is.
get_target_property(mixpay_core_sources mixpay_core SOURCES)
add_executable(mixpay_module bindings.cpp fetch.cpp ${mixpay_core_sources})
# Built as mixpay-checkout.{js,wasm}: the glue then asks for "mixpay-checkout.wasm",
# the file name the contract fixes; the glue itself is renamed in dist/ (see below).
set_target_properties(mixpay_module PROPERTIES OUTPUT_NAME mixpay-checkout SUFFIX ".js")
target_include_directories(mixpay_module PRIVATE "${CMAKE_CURRENT_SOURCE_DIR}/core")
target_link_libraries(mixpay_module PRIVATE mixpay_json mixpay_settings)
# No exceptions: nothing here throws (the core parses with allow_exceptions=false), and
# the default link setting leaves out the code that would catch them.
target_compile_options(mixpay_module PRIVATE -Oz -flto -fno-exceptions)
target_link_options(mixpay_module PRIVATE
  -Oz
  -flto
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
  # The shim passes only locateFile; the glue need not look for other Module hooks.
  -sINCOMING_MODULE_JS_API=[locateFile]
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

# dist/ at the repository root: the shim, the glue (as mixpay-core.js) and the .wasm, plus
# the npm metadata and types, so `npm publish dist` ships exactly what a static host serves.
# Runs on every build, so editing the shim alone refreshes dist/ too. A scratch build can
# point MIXPAY_DIST_DIR elsewhere to leave the repository's dist/ alone.
set(MIXPAY_DIST_DIR "${CMAKE_SOURCE_DIR}/dist" CACHE PATH "Where the distributable is assembled")
add_custom_target(mixpay_dist ALL
  COMMAND "${CMAKE_COMMAND}"
          "-DMODULE_DIR=$<TARGET_FILE_DIR:mixpay_module>"
          "-DWEB_DIR=${CMAKE_SOURCE_DIR}/web"
          "-DDIST_DIR=${MIXPAY_DIST_DIR}"
          -P "${CMAKE_CURRENT_SOURCE_DIR}/assemble-dist.cmake"
  DEPENDS mixpay_module
  COMMENT "Assembling dist/"
  VERBATIM)
