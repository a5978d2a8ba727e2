# After the link: the module's .wasm once more through wasm-opt, binaryen 132 from npm
# (tools/bundle, installed by tools/install-deps), with the pass list emcc itself runs
# at -Oz (--post-emscripten -Oz --low-memory-unused --zero-filled-memory, and --converge),
# which Debian's binaryen 108 has already run at the link: the newer optimizer takes
# about 240 bytes more off the gzip (BENCHMARKS.md, "What was tried"). --mvp-features: the
# output may use nothing the input does not, so the oldest browsers the module supports
# (MIN_*_VERSION in CMakeLists.txt) still load it; the test below checks that.
#
# Included by CMakeLists.txt; also runs as a script (cmake -P) for the POST_BUILD step, so
# that a binaryen installed after cmake configured is still found.
set(MIXPAY_WASM_OPT_PASSES
    --mvp-features --post-emscripten --low-memory-unused --zero-filled-memory -Oz --converge)

if(CMAKE_SCRIPT_MODE_FILE)
  # cmake -DNODE=... -DWASM_OPT=.../bin/wasm-opt -DWASM=...wasm -P wasm-opt.cmake
  foreach(var NODE WASM_OPT WASM)
    if(NOT DEFINED ${var})
      message(FATAL_ERROR "wasm-opt.cmake needs -D${var}=...")
    endif()
  endforeach()
  if(NOT EXISTS "${WASM_OPT}")
    message(WARNING "binaryen is not installed (tools/install-deps): ${WASM} is left as "
                    "linked, about 240 bytes (gzip) larger")
    return()
  endif()
  execute_process(COMMAND "${NODE}" "${WASM_OPT}" ${MIXPAY_WASM_OPT_PASSES}
                          "${WASM}" -o "${WASM}.opt"
                  RESULT_VARIABLE failed)
  if(failed)
    file(REMOVE "${WASM}.opt")
    message(FATAL_ERROR "wasm-opt failed on ${WASM}")
  endif()
  file(RENAME "${WASM}.opt" "${WASM}")
  return()
endif()

find_program(MIXPAY_NODE NAMES node nodejs REQUIRED)
add_custom_command(TARGET mixpay_module POST_BUILD
  COMMAND "${CMAKE_COMMAND}"
          "-DNODE=${MIXPAY_NODE}"
          "-DWASM_OPT=${CMAKE_SOURCE_DIR}/tools/bundle/node_modules/binaryen/bin/wasm-opt"
          "-DWASM=$<TARGET_FILE_DIR:mixpay_module>/mixpay-checkout.wasm"
          -P "${CMAKE_CURRENT_LIST_FILE}"
  COMMENT "wasm-opt (binaryen 132) on mixpay-checkout.wasm"
  VERBATIM)

if(BUILD_TESTING)
  # The module uses WebAssembly 1.0 (MVP) only: no sign extension, non-trapping
  # float-to-int, multi-value, bulk memory, reference types or SIMD, which the oldest
  # supported browsers (Chrome 85, Firefox 79, Safari 14) do not all have.
  find_program(MIXPAY_WASM_VALIDATE wasm-validate REQUIRED)
  add_test(NAME wasm-mvp-features
           COMMAND "${MIXPAY_WASM_VALIDATE}" --disable-sign-extension
                   --disable-saturating-float-to-int --disable-multi-value
                   --disable-bulk-memory --disable-reference-types --disable-simd
                   "$<TARGET_FILE_DIR:mixpay_module>/mixpay-checkout.wasm")
endif()
