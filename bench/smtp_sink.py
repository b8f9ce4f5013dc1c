"""
A local SMTP server that keeps nothing but a line per message it accepts (its Message-ID and
recipients), appended to a file as each message is taken: `make bench-newsletter` counts from it
who got which email, and how many times. Run as a process of its own:

    python bench/smtp_sink.py --port 2525 --out var/bench-newsletter-inbox.txt
"""

import argparse
import asyncio
import re

from aiosmtpd.controller import Controller

MESSAGE_ID = re.compile(rb"^Message-ID:\s*(\S+)", re.IGNORECASE | re.MULTILINE)


class Sink:
    def __init__(self, out):
        self.out = open(out, "a", buffering=1)  # noqa: SIM115 (open for the process's life)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        found = MESSAGE_ID.search(envelope.content)
        message_id = found[1].decode() if found else "-"
        self.out.write(f"{message_id} {','.join(envelope.rcpt_tos)} {len(envelope.content)}\n")
        return "250 Message accepted for delivery"


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--out", required=True)
    options = parser.parse_args()
    controller = Controller(Sink(options.out), hostname="127.0.0.1", port=options.port)
    controller.start()
    try:
        asyncio.run(asyncio.Event().wait())
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
