#!/usr/bin/env python3
"""Signed-in sessions for bench/cost.sh, as Redis commands for `redis-cli --pipe`.

Each is a copy of a real session (the JSON the gateway wrote for a sign-in, read from Redis)
under a new random id, for a user of its own, with its entry in that user's session list, as
the gateway writes them: SET tollgate:session:<sha256(id)> <json> PX ttl, SADD
tollgate:sessions-of:<user> <sha256(id)>, PEXPIRE of that list. The ids (the cookie values)
are appended to the cookie file, one per line.

Usage: sessions-fill.py TEMPLATE_JSON_FILE FIRST COUNT COOKIE_FILE TTL_MS > commands
"""
import base64
import hashlib
import json
import os
import sys


def command(*parts):
    out = [b"*%d\r\n" % len(parts)]
    for part in parts:
        data = part if isinstance(part, bytes) else str(part).encode()
        out.append(b"$%d\r\n%s\r\n" % (len(data), data))
    return b"".join(out)


def main():
    template_file, first, count, cookie_file, ttl = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
    with open(template_file) as f:
        template = json.load(f)
    out = sys.stdout.buffer
    with open(cookie_file, "a") as cookies:
        for i in range(first, first + count):
            session_id = base64.urlsafe_b64encode(os.urandom(32)).rstrip(b"=").decode()
            handle = hashlib.sha256(session_id.encode()).hexdigest()
            user = "cost-user-%d" % i
            session = dict(template, user=user, name="Cost user %d" % i, email=user + "@bench.test",
                           csrf=base64.urlsafe_b64encode(os.urandom(32)).rstrip(b"=").decode(), admin=False)
            out.write(command("SET", "tollgate:session:" + handle, json.dumps(session, separators=(",", ":")), "PX", ttl))
            out.write(command("SADD", "tollgate:sessions-of:" + user, handle))
            out.write(command("PEXPIRE", "tollgate:sessions-of:" + user, ttl))
            cookies.write(session_id + "\n")


if __name__ == "__main__":
    main()
