# cpp-httplib as Debian ships it: a shared library built with TLS, zlib and brotli support,
# and its header, which must see the same switches or the class layouts differ. Defines
# the imported target mixpay::cpp_httplib for the build tree's servers (the tests' scripted
# API, the demo shop); the library and its installed package do not use it.
if(NOT TARGET mixpay::cpp_httplib)
  find_library(MIXPAY_CPP_HTTPLIB_LIBRARY cpp-httplib)
  find_path(MIXPAY_CPP_HTTPLIB_INCLUDE_DIR httplib.h)
  if(MIXPAY_CPP_HTTPLIB_LIBRARY AND MIXPAY_CPP_HTTPLIB_INCLUDE_DIR)
    add_library(mixpay::cpp_httplib UNKNOWN IMPORTED)
    set_target_properties(mixpay::cpp_httplib PROPERTIES
      IMPORTED_LOCATION "${MIXPAY_CPP_HTTPLIB_LIBRARY}"
      INTERFACE_INCLUDE_DIRECTORIES "${MIXPAY_CPP_HTTPLIB_INCLUDE_DIR}"
      INTERFACE_COMPILE_DEFINITIONS
        "CPPHTTPLIB_OPENSSL_SUPPORT;CPPHTTPLIB_ZLIB_SUPPORT;CPPHTTPLIB_BROTLI_SUPPORT")
  endif()
endif()
