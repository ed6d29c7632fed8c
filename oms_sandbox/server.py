"""HTTP machinery the Shopify and WooCommerce sandboxes share: the handler's
plumbing (send, read, ``/_control``, faulted answers), the server, start/stop,
fault injection and webhook posting. The API of each shop stays in its module.
"""

import json
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class SandboxHandler(BaseHTTPRequestHandler):
    content_type = "application/json"

    def log_message(self, format, *args):  # noqa: A002
        return

    def _send(self, status, payload, headers=None, raw=None):
        body = raw if raw is not None else json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", self.content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, str(value))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except OSError:
            pass

    def _body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _control(self, action, body):
        try:
            result = self.server.sandbox.control(action, json.loads(body or b"{}"))
        except (ValueError, KeyError, TypeError) as exc:
            return self._send(400, {"error": str(exc)})
        return self._send(200, result)

    def _answer(self, status, payload, headers, raw, delay):
        """Send what the sandbox answered; status None resets the connection."""
        if delay:
            time.sleep(delay)
        if status is None:
            self.close_connection = True
            try:
                self.connection.shutdown(2)
            except OSError:
                pass
            return None
        return self._send(status, payload, headers, raw)


class SandboxServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        return


class SandboxServing:
    """Mixin of a sandbox served by ``handler_class``; needs ``port``,
    ``lock`` and ``faults``."""

    handler_class = SandboxHandler
    _server = None

    @property
    def url(self):
        return "http://127.0.0.1:%s" % self.port

    def start(self):
        self._server = SandboxServer(("127.0.0.1", self.port), self.handler_class)
        self._server.sandbox = self
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self):
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def inject(self, kind, count=1, **params):
        """Next ``count`` API calls fail: ``kind`` in status (``status``,
        ``retry_after``), delay (``seconds``), malformed, truncated, reset."""
        with self.lock:
            self.faults.append(dict(params, kind=kind, count=count))

    def _take_fault(self):
        with self.lock:
            if not self.faults:
                return None
            fault = self.faults[0]
            fault["count"] -= 1
            if fault["count"] <= 0:
                self.faults.pop(0)
            return dict(fault)

    @staticmethod
    def _fault_answer(fault, error, default_delay):
        """(answer, delay) of a taken fault: the 5-tuple to answer instead of
        the API (``error(status)`` is its body), or None when the call goes on
        after ``delay`` seconds."""
        kind = fault["kind"] if fault else None
        if kind == "status":
            status = int(fault.get("status", 500))
            extra = {}
            if fault.get("retry_after") is not None:
                extra["Retry-After"] = fault["retry_after"]
            return (status, error(status), extra, None, 0), 0
        if kind == "reset":
            return (None, None, None, None, 0), 0
        if kind == "malformed":
            return (200, None, {}, b"<html>Bad gateway</html>", 0), 0
        if kind == "delay":
            return None, float(fault.get("seconds", default_delay))
        return None, 0


def post_webhook(url, body, headers, timeout):
    """POST a delivery; returns the HTTP status (0: unreachable)."""
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310
            return answer.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return 0
