#pragma once
// A fake GOV.UK Notify on loopback for the tests and the benchmark: checks each
// request's JWT (HS256 with the service's secret, `iss` the service id, `iat` within
// 30 seconds) as Notify does, records what it is sent, answers what became of each
// notification (GET /v2/notifications/{id}: "sending" until a test says otherwise),
// and can be told to refuse addresses, fail or stop.
#include <httplib.h>

#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

namespace kith::testing {

class FakeNotify {
 public:
  static constexpr const char* kServiceId = "26785a09-ab16-4eb0-8407-a37497a57506";
  static constexpr const char* kSecret = "3d844edf-8d35-48ac-975b-e847b4f122b0";
  static constexpr const char* kEmailTemplate = "f33517ff-2a88-4f6e-b855-c550268ce08a";
  static constexpr const char* kSmsTemplate = "0d2b5f5e-7b0c-4b5e-9a53-1f3a9c0ac4a1";

  FakeNotify();
  ~FakeNotify();
  // The API key in Notify's form for this fake.
  static std::string api_key() { return std::string("kith_test-") + kServiceId + "-" + kSecret; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int port() const { return port_; }

  // Stops answering (connections are refused) and starts again on the same port.
  void stop();
  void start();
  // Every call answers this status (500: an outage that answers); 0: normal.
  std::atomic<int> fail_with{0};

  // What was accepted, in order: the request bodies.
  std::vector<nlohmann::json> received() const;
  // How many accepted notifications carry each reference.
  std::map<std::string, int> references() const;
  // Requests refused for a bad or missing JWT.
  int bad_tokens() const { return bad_tokens_; }
  // Pretends a notification with this reference was accepted (before a crash).
  void remember(const std::string& reference);

  // What became of notification `id`, as Notify would report it later: "delivered",
  // "permanent-failure", "temporary-failure", "technical-failure"... An id it never
  // gave is made, as if it had accepted that notification.
  void set_status(const std::string& id, const std::string& status);
  // The id given to the last notification accepted with this reference ("" if none).
  std::string id_of(const std::string& reference) const;
  // The ids asked about with GET /v2/notifications/{id} (with a good JWT), in order.
  std::vector<std::string> status_checks() const;

 private:
  void serve();
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  mutable std::mutex mutex_;
  std::vector<nlohmann::json> received_;
  struct Notification {
    std::string reference;
    std::string type;  // email, sms
    std::string to;
    std::string status = "sending";
  };
  std::map<std::string, Notification> notifications_;  // by id
  std::map<std::string, std::string> last_id_;         // by reference
  std::vector<std::string> status_checks_;
  std::atomic<int> bad_tokens_{0};
  std::atomic<int> next_id_{1};
};

}  // namespace kith::testing
