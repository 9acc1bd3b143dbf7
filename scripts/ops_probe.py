#!/usr/bin/env python3
"""Abuse a running lexcite the way a careless or hostile client would and print what the
server did: invented HTTP methods (does /metrics grow?), connections that never finish their
body (are they cut, and when?), eight concurrent 8 MB verifications on one key (how many are
admitted, how large does the server grow?), and error bodies from the HTTP layer.

    scripts/ops_probe.py http://127.0.0.1:8080 "$(cat data/api-key)" [server-pid]
"""
import json
import socket
import sys
import threading
import time
import urllib.request

base, key = sys.argv[1], sys.argv[2]
pid = sys.argv[3] if len(sys.argv) > 3 else None
host, port = base.split("//")[1].split(":")
port = int(port)


def rss_mib():
    if not pid:
        return None
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) // 1024
    return None


def raw(data, wait=10.0):
    s = socket.create_connection((host, port))
    s.settimeout(wait)
    try:
        s.sendall(data)
    except OSError:
        pass
    out = b""
    try:
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            out += chunk
    except OSError:
        pass
    s.close()
    return out


def metrics_size():
    return len(urllib.request.urlopen(base + "/metrics").read())


# 1. Invented methods.
raw(b"XMETHOD0 /v1/search HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
metrics_size()  # the first read adds /metrics' own series
before = metrics_size()
rss0 = rss_mib()
t = time.time()
for i in range(20000):
    raw(f"M{i}X /v1/search HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
after = metrics_size()
print(f"invented methods: 20000 requests in {time.time() - t:.0f} s; /metrics {before} -> {after} bytes; RSS {rss0} -> {rss_mib()} MiB")

# 2. Unfinished bodies.
N = 900
socks = []
t = time.time()
head = (f"POST /v1/search HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {key}\r\n"
        "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"query\": ").encode()
for _ in range(N):
    s = socket.create_connection((host, port))
    s.sendall(head)
    s.settimeout(120)
    socks.append(s)
answers = {}
lock = threading.Lock()


def wait(s):
    try:
        data = s.recv(4096)
    except OSError:
        data = b""
    code = data.split(b" ")[1].decode() if data.startswith(b"HTTP/") else "closed"
    with lock:
        answers[code] = answers.get(code, 0) + 1
        answers.setdefault("last_s", 0)
        answers["last_s"] = max(answers["last_s"], time.time() - t)


threads = [threading.Thread(target=wait, args=(s,)) for s in socks]
for th in threads:
    th.start()
for th in threads:
    th.join()
print(f"unfinished bodies: {N} connections -> {answers}")

# 3. Eight concurrent 8 MB verifications on one key.
sentence = "Theo Điều 9 Luật số 134/2025/QH15, hệ thống trí tuệ nhân tạo được phân loại theo mức độ rủi ro. "
copies = (8 * 1024 * 1024 - 64) // len(sentence.encode())
body = json.dumps({"text": sentence * copies}, ensure_ascii=False).encode()
codes = []
peak = [rss_mib() or 0]
done = threading.Event()


def sample():
    while not done.is_set():
        r = rss_mib()
        if r:
            peak[0] = max(peak[0], r)
        time.sleep(0.05)


def verify():
    req = urllib.request.Request(base + "/v1/citations/verify", data=body, method="POST",
                                 headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=600) as r:
            r.read()
            codes.append(r.status)
    except urllib.error.HTTPError as e:
        codes.append(e.code)


sampler = threading.Thread(target=sample)
sampler.start()
t = time.time()
threads = [threading.Thread(target=verify) for _ in range(8)]
for th in threads:
    th.start()
for th in threads:
    th.join()
done.set()
sampler.join()
print(f"8 concurrent verifications of {len(body) / 2**20:.1f} MiB: statuses {sorted(codes)}; peak RSS {peak[0]} MiB; {time.time() - t:.0f} s")

# 4. Errors of the HTTP layer.
for what, data in [
    ("malformed request line", b"GET / HTTP/9.9 x\r\n\r\n"),
    ("200 headers", b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + b"".join(f"X-H{i}: {i}\r\n".encode() for i in range(200)) + b"\r\n"),
    ("10,000 parameters", ("GET /v1/lookup?" + "&".join(f"p{i}=x" for i in range(10000)) + " HTTP/1.1\r\nHost: x\r\n\r\n").encode()),
]:
    out = raw(data).decode("utf-8", "replace")
    status = out.split(" ")[1] if out.startswith("HTTP/") else "none"
    body = out.split("\r\n\r\n", 1)[1] if "\r\n\r\n" in out else ""
    print(f"{what}: {status} {body}")
