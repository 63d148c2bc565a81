#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Measures tests/data/anomalies/expected.json: runs every built-in anomaly test (resources/examples/anomaly-*.json, psql
# style) and the two operation-level examples on SQLite and on the test servers at every isolation level each has, REPS times, and writes one entry per
# (scenario, database, level, analysis) with what happened and the judgement, computed from the values the run
# returned and required to be the same in every repetition.
#   D=$(mktemp -d); bash scripts/test-servers.sh start "$D"; source "$D/env.sh"
#   python3 tests/data/anomalies/measure.py build/dev/app/interleave 3 > tests/data/anomalies/expected.json
#   bash scripts/test-servers.sh stop "$D"
# A summary table goes to stderr.
import json, subprocess, sys, os, glob
env = dict(os.environ)
DBS = [("sqlite", "sqlite", ["serializable"]),
       ("postgresql", env["INTERLEAVE_TEST_PG_URL"], ["read committed", "repeatable read", "serializable"]),
       ("mysql", env["INTERLEAVE_TEST_MYSQL_URL"], ["read uncommitted", "read committed", "repeatable read", "serializable"])]
def run(app, f, url, level):
    args = [app, "run", f, "--backend", url, "--isolation", level, "--json"]
    if url != "sqlite": args.append("--allow-sql")
    p = subprocess.run(args, capture_output=True, text=True, env=env, timeout=120)
    if p.returncode != 0:
        return {"rc": p.returncode, "stderr": p.stderr.strip()}
    r = json.loads(p.stdout)
    stmts, waits = [], []
    for e in r["events"]:
        if e["kind"] == "statement":
            s = {"worker": e["worker"], "sql": e["sql"]}
            if "error" in e:
                err = e["error"]
                s["error"] = {"class": err["class"], "code": str(err.get("sqlstate", err.get("code", "")))}
            elif "rows" in e:
                s["rows"] = e["rows"]
            stmts.append(s)
        elif e["kind"] == "lock_wait":
            waits.append({"worker": e["worker"], "sql": e["sql"], "blockers": e.get("blockers", []), "note": e.get("note", "")})
    return {"server": r["backend"]["version"], "options": r["backend"].get("options", []),
            "executed": r["schedule"]["executed"], "statements": stmts, "waits": waits,
            "columns": r["rows"]["columns"], "final": sorted(r["rows"]["values"]),
            "results": {w["name"]: w["result"] for w in r["workers"]}, "complete": r["complete"]}

SERVER = {"sqlite": "SQLite %s (journal_mode=delete, begin=deferred)", "postgresql": "PostgreSQL %s", "mysql": "MariaDB %s"}
ANOMALY = {"g0-write-cycle": "G0", "g1a-aborted-read": "G1a", "g1b-intermediate-read": "G1b",
           "g1c-circular-information-flow": "G1c", "g-single-read-skew": "G-single", "g2-item-write-skew": "G2-item",
           "g2-doctors-on-call": "G2", "g2-phantom-insert": "G2", "lost-update": "lost update",
           "example:race-no-unique": "G2", "example:counter-lost-update": "lost update"}

def st(r, worker, prefix, n=0):
    found = [s for s in r["statements"] if s["worker"] == worker and s["sql"].lower().startswith(prefix)]
    return found[n] if n < len(found) else None
def rows(s): return None if s is None or "error" in s else s.get("rows")
def err(s): return None if s is None else s.get("error")
def errs(r): return [s for s in r["statements"] if "error" in s]
def waited(r, w): return any(x["worker"] == w for x in r["waits"])
def val(r, rid):
    i, v = r["columns"].index("id"), r["columns"].index(r["columns"][-1])
    return [row[v] for row in r["final"] if row[i] == rid][0]
def refused(r):
    """How the database stopped the second transaction, in words, or None."""
    e = errs(r)
    if not e: return None
    s = e[0]; c = s["error"]
    what = "%s's %s" % (s["worker"], s["sql"].rstrip(";") if not s["sql"].lower().startswith("commit") else "commit")
    if c["class"] == "SerializationFailure": return "%s failed with %s (serialization failure)" % (what, c["code"])
    if c["class"] == "Deadlock": return "%s closed a cycle of lock waits and was rolled back as the deadlock victim (%s): SERIALIZABLE makes InnoDB's plain reads take shared locks" % (what, c["code"])
    if c["class"] == "Busy":
        tail = "; T1's commit then waited for T2's read lock until T2 ended (rollback journal)" if waited(r, "T1") else ""
        return "%s failed at once with database is locked (%s): SQLite has one writer at a time, and a transaction that has read cannot wait to become a writer while another writes%s" % (what, c["code"], tail)
    return "%s failed with %s %s" % (what, c["class"], c["code"])

def judge(name, db, level, r):
    """(occurs, why, also): the named anomaly at the transaction level; `also` other anomalies the run shows."""
    also = []
    if name == "g0-write-cycle":
        a, b = val(r, 1), val(r, 2)
        occurs = (a, b) in ((11, 22), (12, 21))
        if err(st(r, "T2", "update", 0)):
            why = "T2's update of row 1 waited for T1's row lock, then failed with %s: T1 changed the row after T2's snapshot; T2 wrote nothing (final 11, 21)" % err(st(r, "T2", "update", 0))["code"]
        elif waited(r, "T2"):
            lock = "the database's write lock" if db == "sqlite" else "T1's row lock"
            why = "T2's update of row 1 waited for %s until T1 committed, so both rows were written T1 then T2 (final %d, %d): no write cycle" % (lock, a, b)
        else:
            why = "final %d, %d" % (a, b)
        return occurs, why, also
    if name in ("g1a-aborted-read", "g1b-intermediate-read"):
        first = rows(st(r, "T2", "select", 0))
        saw = dict((x[0], x[1]) for x in first)[1]
        occurs = saw == 101
        if occurs:
            why = ("T2 read 101, a value T1 wrote and then rolled back" if name.startswith("g1a")
                   else "T2 read 101, a version T1 itself replaced with 11 before it committed")
        elif waited(r, "T2"):
            why = "T2's read (a shared lock under SERIALIZABLE) waited for T1 to %s and then read %d" % ("roll back" if name.startswith("g1a") else "commit", saw)
        elif db == "sqlite":
            why = "T2 read %d: a SQLite reader never sees another connection's uncommitted changes" % saw
        elif db == "postgresql" and level == "read committed":
            why = "T2 read %d, the committed value (PostgreSQL never reads uncommitted data; its READ UNCOMMITTED is READ COMMITTED)" % saw
        else:
            why = "T2 read %d, the committed value" % saw
        return occurs, why, also
    if name == "g1c-circular-information-flow":
        t1 = rows(st(r, "T1", "select")); t2 = rows(st(r, "T2", "select"))
        occurs = t1 == [[2, 22]] and t2 == [[1, 11]]
        e = refused(r)
        if occurs:
            why = "T1 read T2's uncommitted 22 and T2 read T1's uncommitted 11: wr edges both ways"
        elif e:
            why = "T1 read 20 (committed); " + e
        elif waited(r, "T2") and t2 == [[1, 11]]:
            why = "T2's update waited for the write lock until T1 committed; T1 read 20, T2 then read T1's committed 11: serial T1, T2"
        else:
            why = "each read the committed version (T1: 20, T2: 10), so no wr cycle; both committed, so each read a version the other replaced: a write skew (G2-item) instead"
            also.append("G2-item")
        return occurs, why, also
    if name == "g-single-read-skew":
        a = rows(st(r, "T1", "select", 0)); b = rows(st(r, "T1", "select", 1))
        occurs = a == [[1, 10]] and b == [[2, 18]]
        if occurs:
            why = "T1 read row 1 before T2's transfer (10) and row 2 after it (18): 28 in all, half of T2's transaction (rw T1 -> T2, wr T2 -> T1)"
        elif waited(r, "T2"):
            why = ("T2's commit waited for T1's read lock (rollback journal), so T1 read 10 and 20" if db == "sqlite"
                   else "T2's update of row 1 waited for T1's shared lock until T1 committed; T1 read 10 and 20")
        else:
            why = "T1 read both rows from its snapshot taken at its first read: 10 and 20"
        return occurs, why, also
    if name == "g2-item-write-skew":
        reads = [rows(st(r, w, "select", i)) for w in ("T1", "T2") for i in (0, 1)]
        occurs = reads == [[[1, 10]], [[2, 20]]] * 2 and not errs(r) and (val(r, 1), val(r, 2)) == (11, 21)
        why = ("both read 10 and 20, T1 wrote row 1 and T2 row 2, both committed: each replaced a version the other read (rw both ways), no lock conflict"
               if occurs else refused(r) + "; only T1's write stands")
        return occurs, why, also
    if name == "g2-doctors-on-call":
        counts = [rows(st(r, w, "select")) for w in ("T1", "T2")]
        oncall = [row[2] for row in r["final"]]
        occurs = counts == [[[2]], [[2]]] and oncall == [0, 0]
        why = ("both counted 2 doctors on call, each took only themselves off, both committed: nobody is on call (predicate rw both ways)"
               if occurs else refused(r) + "; Bob stays on call")
        return occurs, why, also
    if name == "g2-phantom-insert":
        sel = [rows(st(r, w, "select")) for w in ("T1", "T2")]
        occurs = sel == [[], []] and len(r["final"]) == 4
        why = ("both found no value of 30 or more and both inserted one (30, 42); each read missed the other's row: predicate rw both ways"
               if occurs else refused(r) + "; only T1's row is inserted")
        return occurs, why, also
    if name == "lost-update":
        sel = [rows(st(r, w, "select")) for w in ("T1", "T2")]
        occurs = sel == [[[1, 10]], [[1, 10]]] and not errs(r) and val(r, 1) == 11
        lock = "T2's update waited for T1's row lock; when T1 committed it overwrote T1's 11 with its own 11"
        why = ("both read 10 and both wrote 11: " + lock + ", one increment lost" if occurs
               else (("T2's update waited for T1's row lock and then " if waited(r, "T2") else "") + refused(r)))
        if occurs and db == "mysql" and level == "repeatable read":
            why += " (InnoDB's REPEATABLE READ updates the newest committed row: no first-updater-wins while innodb_snapshot_isolation is OFF, the 10.11 default)"
        return occurs, why, also
    raise KeyError(name)

def judge_operation(name, db, level, r):
    """(transaction-level, operation-level) judgements for the Django examples, whose statements run in autocommit."""
    if name == "example:race-no-unique":
        two = len(r["final"]) == 2
        t = (False, "every statement outside the INSERT's block is its own transaction: A's SELECT -> B's INSERT and B's SELECT -> A's INSERT are predicate anti-dependencies, but nothing leads back, so the transactions' graph has no cycle (the database kept its promise)", [])
        o = (two, "taken as one unit, each worker's SELECT missed the row the other worker's INSERT added: predicate rw A -> B and B -> A, a G2 cycle the code made by treating two transactions as one; two rows" if two
             else "one row", [])
        return t, o
    if name == "example:counter-lost-update":
        v = r["final"][0][2]
        t = (False, "each SELECT and each UPDATE is its own transaction, and the UPDATE writes a literal (likes = 1): the database saw two reads and two blind writes, no cycle", [])
        o = (v == 1, "both workers read likes = 0 and both wrote likes = 1: B's write replaced A's, which B never read (ww A -> B, rw B -> A); two likes, one counted" if v == 1
             else "likes = %d" % v, [])
        return t, o
    raise KeyError(name)


# The scenarios are the built-in anomaly tests (resources/examples/anomaly-*.json), by the names expected.json keeps.
EXAMPLE = {"g0-write-cycle": "anomaly-g0", "g1a-aborted-read": "anomaly-g1a", "g1b-intermediate-read": "anomaly-g1b",
           "g1c-circular-information-flow": "anomaly-g1c", "g-single-read-skew": "anomaly-g-single",
           "g2-item-write-skew": "anomaly-g2-item", "g2-doctors-on-call": "anomaly-g2-doctors",
           "g2-phantom-insert": "anomaly-g2", "lost-update": "anomaly-lost-update"}
ORDER = ["g0-write-cycle", "g1a-aborted-read", "g1b-intermediate-read", "g1c-circular-information-flow",
         "g-single-read-skew", "g2-item-write-skew", "g2-doctors-on-call", "g2-phantom-insert", "lost-update",
         "example:race-no-unique", "example:counter-lost-update"]
app, reps = sys.argv[1], int(sys.argv[2])
cells = []
for name in ORDER:
    f = name if name.startswith("example:") else "example:" + EXAMPLE[name]
    for db, url, levels in DBS:
        for level in levels:
            runs = [run(app, f, url, level) for _ in range(reps)]
            bad = [x for x in runs if "rc" in x]
            if bad:
                sys.exit("%s on %s, %s: exit status %d: %s" % (name, db, level, bad[0]["rc"], bad[0]["stderr"]))
            cells.append({"scenario": name, "database": db, "isolation": level, "runs": runs})

out = []
for c in cells:
    name, db, level, runs = c["scenario"], c["database"], c["isolation"], c["runs"]
    base = {"scenario": name, "database": db, "server": SERVER[db] % runs[0]["server"], "isolation": level,
            "anomaly": ANOMALY[name]}
    first = runs[0]
    facts = {
        "errors": [{"worker": s["worker"], "statement": s["sql"], "class": s["error"]["class"], "code": s["error"]["code"]} for s in errs(first)],
        "reads": [{"worker": s["worker"], "statement": s["sql"], "rows": s["rows"]} for s in first["statements"] if "rows" in s and s["sql"].lower().startswith("select")],
        "waits": sorted(set(w["worker"] for w in first["waits"])),
        "final": {"columns": first["columns"], "rows": first["final"]},
        "executed": first["executed"],
    }
    same = all({k: v for k, v in x.items() if k != "waits"} == {k: v for k, v in first.items() if k != "waits"} for x in runs)
    same_waits = all(sorted(set(w["worker"] for w in x["waits"])) == facts["waits"] for x in runs)
    if name.startswith("example:"):
        js = [judge_operation(name, db, level, x) for x in runs]
        for i, analysis in enumerate(("transaction", "operation")):
            occ = [j[i][0] for j in js]
            assert len(set(occ)) == 1, (name, db, level, occ)
            out.append(dict(base, analysis=analysis, occurs=occ[0], why=js[0][i][1], also=js[0][i][2],
                            runs=len(runs), deterministic=same and same_waits, **facts))
        continue
    js = [judge(name, db, level, x) for x in runs]
    occ = [j[0] for j in js]
    assert len(set(occ)) == 1, (name, db, level, occ)
    out.append(dict(base, analysis="transaction", occurs=occ[0], why=js[0][1], also=js[0][2], runs=len(runs),
                    deterministic=same and same_waits, **facts))

lines = ["["]
for i, e in enumerate(out):
    parts = ['    %s: %s' % (json.dumps(k), json.dumps(v, ensure_ascii=False)) for k, v in e.items()]
    lines.append("  {\n" + ",\n".join(parts) + "\n  }" + ("," if i + 1 < len(out) else ""))
lines.append("]")
sys.stdout.write("\n".join(lines) + "\n")
for e in out:
    print(file=sys.stderr, *["%-32s %-10s %-16s %-11s %-5s %s%s" % (e["scenario"], e["database"], e["isolation"], e["analysis"], "YES" if e["occurs"] else "no", e["why"][:150], "" if e["deterministic"] else "  [NONDET]")])
