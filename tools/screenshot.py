#!/usr/bin/env python3
"""Screenshots of Odoo screens as a logged-in user, in headless Chromium.

  python3 tools/screenshot.py --url http://127.0.0.1:8069 --db oms_demo \
      --out /tmp/shot /odoo/action-oms_multichannel.oms_channel_action /odoo/...

Logs in through JSON-RPC, hands the session cookie to Chromium, opens each page,
waits until the web client has drawn a view and saves <out>-<n>.png. Browser
console errors are printed. The user's language decides the direction: log in
as a Hebrew user to see the right-to-left layout (Odoo needs `rtlcss` on PATH,
`npm install -g rtlcss`, to build right-to-left styles).
Needs `chromium` and the websocket-client package (requirements-test.txt).
"""

import argparse
import base64
import itertools
import json
import subprocess
import sys
import tempfile
import time
import urllib.request

import requests
import websocket

DRAWN = "document.querySelectorAll('.o_content, .o_form_view, .o_kanban_view').length"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="+", help="paths such as /odoo/action-12")
    parser.add_argument("--url", default="http://127.0.0.1:8069")
    parser.add_argument("--db", required=True)
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    parser.add_argument("--out", default="screenshot")
    parser.add_argument("--size", default="1400,900")
    parser.add_argument("--port", type=int, default=9333, help="DevTools port")
    return parser.parse_args()


def login(args):
    session = requests.Session()
    answer = session.post(
        args.url + "/web/session/authenticate",
        json={
            "jsonrpc": "2.0",
            "params": {"db": args.db, "login": args.login, "password": args.password},
        },
        timeout=60,
    ).json()
    if not answer.get("result"):
        raise SystemExit(f"login failed: {answer.get('error', answer)}")
    return session.cookies["session_id"]


class DevTools:
    def __init__(self, port):
        for _attempt in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/json") as res:
                    tabs = json.load(res)
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit("chromium did not open its DevTools port")
        page = next(tab for tab in tabs if tab["type"] == "page")
        self.ws = websocket.create_connection(
            page["webSocketDebuggerUrl"], suppress_origin=True
        )
        self.ids = itertools.count(1)

    def call(self, method, **params):
        call_id = next(self.ids)
        self.ws.send(json.dumps({"id": call_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == call_id:
                return message.get("result") or {}
            if message.get("method") == "Runtime.exceptionThrown":
                print("browser error:", json.dumps(message["params"])[:500])


def main():
    args = parse_args()
    session_id = login(args)
    host = args.url.split("//", 1)[1].split(":")[0].split("/")[0]
    with tempfile.TemporaryDirectory() as profile:
        browser = subprocess.Popen(
            [
                "chromium",
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                f"--remote-debugging-port={args.port}",
                f"--window-size={args.size}",
                f"--user-data-dir={profile}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            tools = DevTools(args.port)
            tools.call("Runtime.enable")
            tools.call("Network.enable")
            tools.call(
                "Network.setCookie",
                name="session_id",
                value=session_id,
                domain=host,
                path="/",
            )
            for number, page in enumerate(args.pages):
                tools.call("Page.navigate", url=args.url + page)
                for _second in range(90):
                    time.sleep(1)
                    drawn = tools.call("Runtime.evaluate", expression=DRAWN)
                    if drawn.get("result", {}).get("value"):
                        break
                time.sleep(2)  # fonts and lazy widgets
                shot = tools.call("Page.captureScreenshot", format="png")
                path = f"{args.out}-{number}.png"
                with open(path, "wb") as image:
                    image.write(base64.b64decode(shot["data"]))
                print(path)
        finally:
            browser.terminate()
            browser.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
