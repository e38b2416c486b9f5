# The README's ask/tell example, N sessions x 150 charged queries against a running lab server, timed. Standard library only.
# python3 docs/sessions/measure_asktell.py http://127.0.0.1:5000 admin@localhost PASSWORD 200 my-random
import json, random, sys, time, urllib.request
BASE = sys.argv[1]
def post(path, body=None, token=None):
    req = urllib.request.Request(BASE + path, json.dumps(body or {}).encode(), method="POST",
                                 headers={"Content-Type": "application/json", **({"Authorization": "Bearer " + token} if token else {})})
    try:
        with urllib.request.urlopen(req) as r: return r.status, json.load(r)
    except urllib.error.HTTPError as e: return e.code, None
_, t = post("/api/tokens", {"email": sys.argv[2], "password": sys.argv[3]})
TOKEN = t["token"]
OPS = ["conv3x3-bn-relu", "conv1x1-bn-relu", "maxpool3x3"]
sessions, queries = int(sys.argv[4]), 150
start = time.perf_counter(); calls = charged = 0; regrets = []
for seed in range(sessions):
    _, s = post("/api/sessions", {"algorithm": sys.argv[5], "protocol": "mean3", "queries": queries, "seed": seed, "synthetic": True}, TOKEN)
    rng, best = random.Random(seed), None
    while True:
        m = [[int(j > i and rng.random() < 0.5) for j in range(7)] for i in range(7)]
        status, a = post(f"/api/sessions/{s['id']}/query", {"adjacency": m, "operations": ["input"] + [rng.choice(OPS) for _ in range(5)] + ["output"]}, TOKEN)
        calls += 1
        if status == 409: break
        if status == 200:
            charged += 1
            if best is None or a["validationAccuracy"] > best["validationAccuracy"]: best = a
    _, done = post(f"/api/sessions/{s['id']}/finish", None, TOKEN)
    regrets.append(done["final"]["testRegret"])
    if seed == 0: first = time.perf_counter() - start
elapsed = time.perf_counter() - start
print(f"{sessions} sessions x {queries} queries: {charged} charged queries, {calls} query calls (invalid specs answered 400, free), "
      f"{elapsed:.1f} s, {charged/elapsed:.0f} charged queries/s, {calls/elapsed:.0f} query calls/s; first session {first:.1f} s "
      f"(includes generating the SYNTHETIC benchmark); mean final regret {sum(regrets)/len(regrets):.5f}; experiment {s['experimentUrl']}")
