#pragma once
// The messages module's pages: /account/messages (a person's choices and mobile
// number), /unsubscribe/{token} (one click, RFC 8058) and /admin/messages (the
// outbox for admins: counts, the queue's age, failures, refused addresses).
// The rules are in kinds.h and messages.h; storage in outbox_store.h.
#include <string>

#include "web/server.h"

namespace kith::messages {

struct TransportState {
  std::string name;     // "notify", "smtp", "" when none is chosen
  std::string problem;  // why the chosen one cannot work
  bool texts = true;    // whether it can send text messages (SMTP cannot; Notify needs its SMS template)
};

void install_routes(web::Server& server, const TransportState& transport);

}  // namespace kith::messages
