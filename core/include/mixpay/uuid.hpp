// UUIDs as the MixPay API uses them: traceId, asset ids, payment codes.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace mixpay {

// True for the 8-4-4-4-12 hexadecimal form, either case. No braces, no "urn:uuid:".
bool is_uuid(std::string_view text);

// The lowercase form of a UUID; empty when `text` is not one.
std::string canonical_uuid(std::string_view text);

// A version 4 (random) UUID in lowercase from 16 caller-supplied random bytes
// (crypto.getRandomValues in the browser, the OS generator natively). The version
// and variant bits are overwritten, the other 122 bits are taken as given.
std::string uuid_v4(const std::array<std::uint8_t, 16>& random_bytes);

} // namespace mixpay
