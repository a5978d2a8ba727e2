// A handler's Response as libmicrohttpd's answer.
#pragma once

#include <microhttpd.h>

#include "http_server.hpp"

namespace servers::http {

// The answer for `res`: a file (sent from its descriptor; a file that cannot be opened
// turns `res` into a 404), bytes pulled from its content provider on MHD's thread as the
// socket takes them, or a copy of its body; its headers without the framing ones, which
// are MHD's to write. nullptr when MHD cannot make one.
MHD_Response* make_response(Response& res);

} // namespace servers::http
