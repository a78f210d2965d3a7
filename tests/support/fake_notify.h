#pragma once
// A fake GOV.UK Notify on loopback for the tests and the benchmark: checks each
// request's JWT (HS256 with the service's secret, `iss` the service id, `iat` within
// 30 seconds) as Notify does, records what it is sent, and can be told to refuse
// addresses, fail or stop.
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

 private:
  void serve();
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  mutable std::mutex mutex_;
  std::vector<nlohmann::json> received_;
  std::atomic<int> bad_tokens_{0};
  std::atomic<int> next_id_{1};
};

}  // namespace kith::testing
