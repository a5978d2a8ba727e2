# Assembles dist/ from the module build and web/ (run with cmake -P by the mixpay_dist
# target). Inputs: MODULE_DIR (where mixpay-checkout.{js,wasm} were linked), WEB_DIR, DIST_DIR,
# NODE, MINIFY (tools/minify/minify.js) and INTEGRITY (wasm/integrity.js).
foreach(var MODULE_DIR WEB_DIR DIST_DIR NODE MINIFY INTEGRITY)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "assemble-dist.cmake needs -D${var}=...")
  endif()
endforeach()

file(MAKE_DIRECTORY "${DIST_DIR}")

# Minifies SOURCE into TARGET unless TARGET was made from the same SOURCE by the same
# minify.js (a stamp beside the module remembers both). Without terser installed (run
# tools/install-deps) the script is copied as it is, with a warning: dist/ still works,
# but the size budget test will say it is too big.
function(minify_into source target)
  get_filename_component(name "${target}" NAME)
  get_filename_component(minify_dir "${MINIFY}" DIRECTORY)
  set(stamp_file "${MODULE_DIR}/${name}.minify-stamp")
  file(SHA256 "${source}" source_hash)
  file(SHA256 "${MINIFY}" minify_hash)
  set(stamp "${source_hash} ${minify_hash} ${target}")
  if(EXISTS "${target}" AND EXISTS "${stamp_file}")
    file(READ "${stamp_file}" previous)
    if(previous STREQUAL stamp)
      return()
    endif()
  endif()
  file(REMOVE "${stamp_file}")
  if(EXISTS "${minify_dir}/node_modules/terser")
    execute_process(COMMAND "${NODE}" "${MINIFY}" "${source}" "${target}"
                    RESULT_VARIABLE failed)
    if(failed)
      message(FATAL_ERROR "minifying ${source} failed")
    endif()
    file(WRITE "${stamp_file}" "${stamp}")
  else()
    message(WARNING "terser is not installed (tools/install-deps): ${target} is not minified")
    file(COPY_FILE "${source}" "${target}")
  endif()
endfunction()

# The glue ends with a UMD footer that calls an AMD define() when the page has one. The
# glue only ever runs inside the shim, so the footer can only do harm: an anonymous
# define() breaks pages that use RequireJS. It is cut off.
file(READ "${MODULE_DIR}/mixpay-checkout.js" glue)
string(FIND "${glue}" "if (typeof exports === 'object' && typeof module === 'object')" umd REVERSE)
if(umd EQUAL -1)
  message(FATAL_ERROR "the Emscripten glue has no UMD footer where one was expected")
endif()
string(SUBSTRING "${glue}" 0 ${umd} glue)

# One script: the glue goes inside the shim, where the shim's marker comment stands, so its
# factory stays private to the shim, the page fetches one file instead of two in a row, and
# gzip shares one dictionary for both (about 400 bytes less). The bundle stays beside the
# module, for reading.
file(READ "${WEB_DIR}/mixpay-checkout.js" shim)
string(FIND "${shim}" "/* @mixpay-core@ */" marker)
if(marker EQUAL -1)
  message(FATAL_ERROR "web/mixpay-checkout.js has no /* @mixpay-core@ */ marker for the glue")
endif()
string(REPLACE "/* @mixpay-core@ */" "${glue}" bundle "${shim}")
file(WRITE "${MODULE_DIR}/mixpay-checkout.bundle.js.tmp" "${bundle}")
file(COPY_FILE "${MODULE_DIR}/mixpay-checkout.bundle.js.tmp" "${MODULE_DIR}/mixpay-checkout.bundle.js"
     ONLY_IF_DIFFERENT)
file(REMOVE "${MODULE_DIR}/mixpay-checkout.bundle.js.tmp" "${DIST_DIR}/mixpay-core.js")
minify_into("${MODULE_DIR}/mixpay-checkout.bundle.js" "${MODULE_DIR}/mixpay-checkout.min.js")

# The contract's file names: the glue already asks for mixpay-checkout.wasm.
file(COPY_FILE "${MODULE_DIR}/mixpay-checkout.wasm" "${DIST_DIR}/mixpay-checkout.wasm"
     ONLY_IF_DIFFERENT)

# The translations, one file per language, fetched only by the buyers who read it.
file(GLOB locales "${WEB_DIR}/locales/*.json")
foreach(locale ${locales})
  get_filename_component(lang "${locale}" NAME_WE)
  file(COPY_FILE "${locale}" "${DIST_DIR}/mixpay-checkout.${lang}.json" ONLY_IF_DIFFERENT)
endforeach()

# The shim checks the glue, the .wasm and the translations against their hashes;
# integrity.json publishes those and the shim's own.
execute_process(COMMAND "${NODE}" "${INTEGRITY}" "${MODULE_DIR}/mixpay-checkout.min.js" "${DIST_DIR}"
                RESULT_VARIABLE failed)
if(failed)
  message(FATAL_ERROR "writing the integrity hashes into dist/ failed")
endif()
foreach(name mixpay-checkout.d.ts package.json)
  file(COPY_FILE "${WEB_DIR}/${name}" "${DIST_DIR}/${name}" ONLY_IF_DIFFERENT)
endforeach()
