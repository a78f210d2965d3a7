#pragma once
// The messages module: people's choices of how they hear from Kith, one-click
// unsubscribe, the admins' view of the outbox, and the sender `kith serve` runs.
#include <memory>

#include "app/module.h"
#include "messages/messages_http.h"
#include "messages/sender.h"

namespace kith::messages {

class MessagesModule : public app::Module {
 public:
  std::string name() const override { return "messages"; }
  void install(web::Server& server, const app::Config& config) override;
  app::PersonalDataParts personal_data() const override;
  app::ErasureParts erasure() const override;
  // Admins: messages that failed or were refused, on "Your work", and a warning when
  // messages wait with no way to send them set up.
  app::WorkParts work() const override;

 private:
  // Filled by install; work() is asked for earlier, so its lists read it when run.
  std::shared_ptr<TransportState> transport_ = std::make_shared<TransportState>();
};

// The transport the configuration names, or nullptr when none is chosen; `problem`
// says why one that was chosen cannot work (shown to admins).
std::unique_ptr<Transport> transport_for(const app::Config& config, std::string* problem);
// The sender for `kith serve`, or nullptr when no transport is configured (messages
// then wait in the outbox, and /admin/messages says so).
std::unique_ptr<Sender> sender_for(store::Database& database, const app::Config& config);
// The address people use: the public URL, or http://HOST:PORT.
std::string public_base(const app::Config& config);

}  // namespace kith::messages
