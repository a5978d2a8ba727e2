// The module's strtod and snprintf (and strtof, strtold and their _l forms, which share
// musl's strtod.o and would otherwise bring it back; Emscripten's locales all read "." as
// the decimal point, so the locale argument changes nothing). Linked only into the WebAssembly
// module: an object file given to the linker comes before the C library's archive, so these
// definitions are the ones used and musl's long double scanner and printf engine are left out.
// Native builds, the unit tests and the fuzzers use the system's C library. See lean_libc.hpp for
// why these are enough for the module, and tests/wasm/lean_libc.cpp for the comparison with musl.
#include <cstdarg>
#include <cstddef>

#include "lean_libc.hpp"

extern "C" {

double strtod(const char* text, char** end) {
    return mixpay::lean::scan_double(text, end);
}

float strtof(const char* text, char** end) {
    return static_cast<float>(mixpay::lean::scan_double(text, end));
}

long double strtold(const char* text, char** end) {
    return mixpay::lean::scan_double(text, end);
}

float strtof_l(const char* text, char** end, struct __locale_struct* /*locale*/) {
    return strtof(text, end);
}

double strtod_l(const char* text, char** end, struct __locale_struct* /*locale*/) {
    return strtod(text, end);
}

long double strtold_l(const char* text, char** end, struct __locale_struct* /*locale*/) {
    return strtold(text, end);
}

int snprintf(char* buffer, std::size_t size, const char* pattern, ...) {
    std::va_list args;
    va_start(args, pattern);
    const int result = mixpay::lean::format(buffer, size, pattern, args);
    va_end(args);
    return result;
}

} // extern "C"
