// UTF-8 checks: the API limits remark and settlementMemo in characters, not bytes.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace mixpay {

// The number of code points in `text`, or nullopt when it is not valid UTF-8
// (overlong forms, surrogates, code points above U+10FFFF and truncated sequences
// are all invalid).
std::optional<std::size_t> utf8_length(std::string_view text);

} // namespace mixpay
