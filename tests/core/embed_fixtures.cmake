# Writes a C++ header holding every file of a folder as bytes, so a test binary carries
# the documented answers it reads: the WebAssembly run under Node has no file system to
# read them from, and the native run reads the very same bytes.
#   cmake -DFIXTURE_DIR=<folder> -DOUTPUT=<header> -P embed_fixtures.cmake
file(GLOB files RELATIVE "${FIXTURE_DIR}" "${FIXTURE_DIR}/*.json")
list(SORT files)
set(text "// Generated from ${FIXTURE_DIR} by tests/core/embed_fixtures.cmake.\n")
string(APPEND text "#pragma once\n\n#include <cstddef>\n#include <string_view>\n\n")
string(APPEND text "namespace mixpay_fixtures {\n\n")
set(index 0)
set(table "")
foreach(name IN LISTS files)
  file(READ "${FIXTURE_DIR}/${name}" bytes HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${bytes}")
  string(APPEND text "inline constexpr char file_${index}[] = {${bytes}'\\0'};\n")
  string(APPEND table "    {\"${name}\", {file_${index}, sizeof file_${index} - 1}},\n")
  math(EXPR index "${index} + 1")
endforeach()
string(APPEND text "\nstruct file {\n    std::string_view name;\n    std::string_view text;\n};\n\n")
string(APPEND text "inline constexpr file files[] = {\n${table}};\n\n")
string(APPEND text "// The text of the fixture `name` (\"payments_result.2022.json\"); empty when there is none.\n")
string(APPEND text "inline std::string_view text(std::string_view name) {\n")
string(APPEND text "    for (const auto& f : files) {\n        if (f.name == name) {\n")
string(APPEND text "            return f.text;\n        }\n    }\n    return {};\n}\n\n")
string(APPEND text "} // namespace mixpay_fixtures\n")
# Rewritten only when it changes, so an unchanged fixture recompiles nothing.
file(CONFIGURE OUTPUT "${OUTPUT}" CONTENT "${text}" @ONLY)
