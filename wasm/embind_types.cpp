// Embind's builtin types, only those the bindings (bindings.cpp) cross: void, int, double
// and std::string. Emscripten's own libembind (system/lib/embind/bind.cpp) registers every
// builtin type in a constructor (bool, every integer, int64 as BigInt, float,
// std::basic_string<unsigned char>, std::wstring, std::u16string, std::u32string,
// emscripten::val and 20 memory views), and `--bind` links it whole; each registration
// brings its JS half (the UTF-16/32 coders, BigInt, emval, typed-array views) into the
// glue and its name into the .wasm. So the module links Embind's JS library
// (src/embind/embind.js) without `--bind`, and this file stands in for bind.cpp: the same
// registration calls for the four types, and the one function embind.js calls in the
// module (__getTypeName). A function bound with any other type never becomes callable:
// calling it throws Embind's UnboundTypeError, which names the type with __getTypeName.
#include <emscripten/bind.h>
#include <emscripten/emscripten.h>
#include <emscripten/wire.h>

#include <climits>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

extern "C" {

// The name of a type Embind was asked to pass but has no registration for (embind.js's
// getTypeName reads it and frees it). The type ids are addresses of Embind's per-type
// markers (EMSCRIPTEN_HAS_UNBOUND_TYPE_NAMES=0, wasm/CMakeLists.txt), so the name is the
// address, as bind.cpp gives it in that configuration.
EMSCRIPTEN_KEEPALIVE const char* __getTypeName(const void* type) {
    char name[24];
    std::snprintf(name, sizeof name, "type 0x%lx",
                  static_cast<unsigned long>(reinterpret_cast<std::uintptr_t>(type)));
    return strdup(name);
}

} // extern "C"

namespace {

// What bind.cpp's constructor does for these four types.
__attribute__((constructor)) void register_embind_types() {
    using namespace emscripten::internal;
    _embind_register_void(TypeID<void>::get(), "void");
    _embind_register_integer(TypeID<int>::get(), "int", sizeof(int), INT_MIN, INT_MAX);
    _embind_register_float(TypeID<double>::get(), "double", sizeof(double));
    _embind_register_std_string(TypeID<std::string>::get(), "std::string");
}

} // namespace
