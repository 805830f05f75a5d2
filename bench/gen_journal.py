#!/usr/bin/env python3
"""Seeded generator of realistic warroom journals for the benchmarks.

Many incidents, every event type, Chinese and English text, mean line about
200 bytes. Usage: gen_journal.py EVENTS OUT [SEED]
"""
import json
import random
import sys
import uuid
from datetime import datetime, timedelta, timezone

EN = ["checkout errors climbing in CN-East", "rolled back gateway release 4.2.1", "callbacks timing out at pay-gw-2",
      "CDN edge in Frankfurt returns 502", "support queue at 340 tickets", "DBA paged, investigating replication lag",
      "status page updated", "vendor confirms partial outage", "error rate back under 0.5%", "login failures at 6%"]
ZH = ["支付回调超时，部分订单显示待支付", "已回滚网关版本", "客服工单持续增加", "微博出现泄露传闻，正在核实",
      "数据库主从延迟升高", "已通知技术、运营、公关负责人", "官网公告已发布", "错误率恢复正常"]
MEMBERS = ["alice", "bob", "chen", "dana", "li.wei", "zhang.min", "王芳", "李雷", "eve", "frank"]
ROLES = ["commander", "communications", "tech-lead", "legal", "customer-service", "scribe"]
ITEMS = ["grade-crisis", "joint-activation", "form-team", "one-voice", "publish-official", "isolate-system",
         "compensate-users", "review-meeting"]
COUNTERS = ["complaints", "affected_users", "leaked_records", "outage_minutes", "negative_mentions_24h"]


def main():
    n = int(sys.argv[1])
    out = sys.argv[2]
    rnd = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 42)
    t = datetime(2025, 1, 1, tzinfo=timezone.utc)
    open_incidents = []
    seq = 0
    with open(out, "w", encoding="utf-8") as f:
        def emit(typ, actor, incident, data):
            nonlocal t
            t += timedelta(milliseconds=rnd.randint(200, 60000))
            obj = {"v": 1, "ts": t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (t.microsecond // 1000),
                   "type": typ, "actor": actor}
            if incident:
                obj["incident"] = incident
            obj["id"] = str(uuid.UUID(int=rnd.getrandbits(128)))
            obj["data"] = data
            f.write(json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n")

        count = 0
        while count < n:
            if not open_incidents or (len(open_incidents) < 3 and rnd.random() < 0.002):
                seq += 1
                iid = "INC-%08d" % seq
                emit("incident.declared", rnd.choice(MEMBERS), iid,
                     {"title": rnd.choice(EN + ZH), "severity": rnd.randint(1, 3), "playbook": "website-crisis"})
                open_incidents.append(iid)
                count += 1
                continue
            iid = rnd.choice(open_incidents)
            actor = rnd.choice(MEMBERS)
            r = rnd.random()
            if r < 0.35:
                emit("note", actor, iid, {"text": rnd.choice(EN + ZH) + " " + rnd.choice(EN + ZH),
                                          "kind": rnd.choice(["observation", "decision", "action"])})
            elif r < 0.50:
                emit("counter.set", actor, iid, {"name": rnd.choice(COUNTERS), "value": rnd.randint(0, 50000)})
            elif r < 0.62:
                emit("comms.published", actor, iid, {"audience": rnd.choice(["internal", "external", "management"]),
                                                      "text": rnd.choice(EN + ZH), "channel": "official site"})
            elif r < 0.72:
                emit(rnd.choice(["checklist.done", "checklist.undone"]), actor, iid, {"item": rnd.choice(ITEMS)})
            elif r < 0.80:
                emit("role.assigned", actor, iid, {"role": rnd.choice(ROLES), "member": rnd.choice(MEMBERS)})
            elif r < 0.86:
                emit("member.status", actor, iid, {"member": rnd.choice(MEMBERS),
                                                    "status": rnd.choice(["available", "engaged", "away", "offline"])})
            elif r < 0.90:
                emit("member.joined", actor, iid, {"member": rnd.choice(MEMBERS), "name": "Member", "team": "ops"})
            elif r < 0.93:
                emit("incident.severity", actor, iid, {"severity": rnd.randint(1, 3), "reason": rnd.choice(EN)})
            elif r < 0.95:
                emit("checklist.added", actor, iid, {"item": "adhoc-%d" % rnd.randint(1, 50), "text": rnd.choice(EN),
                                                      "due": "%dm" % rnd.randint(5, 600)})
            elif r < 0.999:
                emit("incident.phase", actor, iid, {"phase": rnd.choice(["declared", "verified", "contained", "recovered"]),
                                                     "note": rnd.choice(EN)})
            else:
                emit("incident.phase", actor, iid, {"phase": "closed"})
                open_incidents.remove(iid)
            count += 1


if __name__ == "__main__":
    main()
