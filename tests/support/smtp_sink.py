#!/usr/bin/python3
"""A local SMTP sink for the tests: speaks STARTTLS (and requires it) with the
certificate it is given, refuses any recipient with "refuse" in the address with
550, answers "451 4.3.0" to every sender while OUT_DIR/../busy exists (a relay
that is up but cannot take mail for now), and writes each message it accepts to
OUT_DIR/N.eml, numbering on from what is already there. Prints its port, then runs
until stdin closes.

    smtp_sink.py CERT KEY OUT_DIR [PORT]
"""
import os
import ssl
import sys

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, out_dir):
        self.out_dir = out_dir
        self.count = len([n for n in os.listdir(out_dir) if n.endswith(".eml")])

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if os.path.exists(os.path.join(self.out_dir, "..", "busy")):
            return "451 4.3.0 Mail server temporarily unavailable, try again later"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if "refuse" in address:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        path = os.path.join(self.out_dir, "%d.eml" % self.count)
        with open(path + ".tmp", "wb") as f:
            f.write(("X-Envelope-From: %s\r\n" % envelope.mail_from).encode())
            f.write(("X-Envelope-To: %s\r\n" % ",".join(envelope.rcpt_tos)).encode())
            f.write(("X-Was-TLS: %s\r\n" % ("yes" if session.ssl else "no")).encode())
            f.write(envelope.original_content)
        os.rename(path + ".tmp", path)
        return "250 Message accepted"


def main():
    cert, key, out_dir = sys.argv[1:4]
    wanted = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    controller = Controller(Sink(out_dir), hostname="127.0.0.1", port=0, tls_context=context,
                            require_starttls=True, ready_timeout=10)
    # Port 0: aiosmtpd 1.4 cannot report the port it got, so pick a free one first
    # (or take the one given, to come back where it was after an outage).
    import socket
    port = wanted
    if not port:
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
    controller.port = port
    controller.start()
    print(port, flush=True)
    sys.stdin.read()
    controller.stop()


if __name__ == "__main__":
    main()
