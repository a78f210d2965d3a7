#include "support/smtp_sink.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "core/crypto.h"

namespace kith::testing {

SmtpSink::SmtpSink() {
  dir_ = (std::filesystem::temp_directory_path() / ("kith-smtp-" + random_token(6))).string();
  std::filesystem::create_directories(dir_ + "/out");
  std::string openssl =
      "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 "
      "-addext subjectAltName=IP:127.0.0.1,DNS:localhost -keyout '" +
      dir_ + "/key.pem' -out '" + dir_ + "/cert.pem' 2>/dev/null";
  if (std::system(openssl.c_str()) != 0) throw std::runtime_error("openssl could not make a test certificate");
  std::string script = std::string(KITH_SOURCE_DIR) + "/tests/support/smtp_sink.py";
  std::string command = "/usr/bin/python3 '" + script + "' '" + dir_ + "/cert.pem' '" + dir_ + "/key.pem' '" + dir_ +
                        "/out' > '" + dir_ + "/port' 2> '" + dir_ + "/log'";
  process_ = popen(command.c_str(), "w");
  if (!process_) throw std::runtime_error("could not start the SMTP sink");
  for (int i = 0; i < 200 && port_ == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::ifstream in(dir_ + "/port");
    in >> port_;
  }
  if (port_ == 0) throw std::runtime_error("the SMTP sink did not start (see " + dir_ + "/log)");
}

SmtpSink::~SmtpSink() {
  if (process_) pclose(process_);  // closes its stdin: it stops
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

std::vector<std::string> SmtpSink::messages() const {
  std::vector<std::string> out;
  for (int n = 1;; ++n) {
    std::ifstream in(dir_ + "/out/" + std::to_string(n) + ".eml", std::ios::binary);
    if (!in) break;
    std::stringstream s;
    s << in.rdbuf();
    out.push_back(s.str());
  }
  return out;
}

}  // namespace kith::testing
