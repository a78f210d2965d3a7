#pragma once
// A local SMTP sink for the tests (smtp_sink.py, on Python's aiosmtpd): requires
// STARTTLS with a self-signed certificate made when it starts, refuses recipients
// with "refuse" in the address (550), and keeps every message it accepts. It can go
// away and come back on the same port (an outage), or stay up but answer "451 try
// again later" to every sender (busy).
#include <cstdio>
#include <string>
#include <vector>

namespace kith::testing {

class SmtpSink {
 public:
  SmtpSink();
  ~SmtpSink();
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;
  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }
  std::string ca_file() const { return dir_ + "/cert.pem"; }
  // The messages accepted so far, as received (with X-Envelope-To and X-Was-TLS first).
  std::vector<std::string> messages() const;
  void stop();  // connections are refused until start()
  void start();
  void set_busy(bool busy);

 private:
  std::string dir_;
  int port_ = 0;
  FILE* process_ = nullptr;
  void launch();
};

}  // namespace kith::testing
