#!/usr/bin/env python3
"""Writes the review-report fixture journals, deterministically (seeded).

    python3 Tests/WarRoomCoreTests/Fixtures/report/make_incident.py

writes, next to this script:

  real-incident.jsonl  a real-shaped L2 -> L1 website crisis of about 300 lines:
                       every non-drill event type plus one unknown type, Chinese
                       and English text, a commander handover (alice -> bob),
                       counters crossing policy triggers (complaints > 1000,
                       login_failure_pct > 5, page_load_seconds > 3,
                       negative_mentions_24h > 1000, leaked_records > 10000 with
                       the L1 raise following 8 minutes later, outage_minutes
                       > 120), comms to every audience, checklist ticks with
                       grade-crisis ticked 15 minutes after its 30-minute due,
                       a wrong tick taken back, one half-written (bad) line,
                       and phases declared -> verified -> contained ->
                       recovered -> closed.
  drill.jsonl          a drill of the payment-promo scenario at speed 30:
                       drill.started, a declaration with drill true, drill.inject
                       markers each followed by the inject's own event (one
                       released by hand), a pause and resume, drill.ended.

Item ids are those of playbooks/website-crisis.toml. Run it again and the
output is byte-for-byte the same; the tests read the committed .jsonl files.
"""

import json
import os
import random
from datetime import datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 20261111


def fmt(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (t.microsecond // 1000)


def line(ts, type_, actor, incident, eid, data, login=None):
    o = {"v": 1, "ts": fmt(ts), "type": type_, "actor": actor}
    if login:
        o["login"] = login
    if incident is not None:
        o["incident"] = incident
    o["id"] = eid
    if data is not None:
        o["data"] = data
    return json.dumps(o, ensure_ascii=False, separators=(",", ":"))


# ── The real incident ──────────────────────────────────────────────────────────

def real_incident():
    rnd = random.Random(SEED)
    inc = "INC-20261111-01"
    t0 = datetime(2026, 11, 11, 0, 50, 0, tzinfo=timezone.utc)
    events = []  # (seconds, order, type, actor, incident, data, login)

    def at(minutes, type_, actor, data, incident=inc, login=None, jitter=True):
        s = minutes * 60.0
        if jitter:
            s += rnd.randint(0, 40) + rnd.randint(0, 999) / 1000.0
        events.append((s, len(events), type_, actor, incident, data, login))

    # Declaration and the team.
    at(0, "incident.declared", "alice", {
        "title": "支付网关超时 Payment gateway timeouts at the Double 11 peak",
        "severity": 2,
        "playbook": "website-crisis",
        "started_at": fmt(t0 - timedelta(minutes=15)),
        "summary": "双11零点高峰起银行卡支付失败率上升；Card payments failing since the midnight peak.",
    }, jitter=False)
    at(0.2, "member.status", "oncall-bot", {"member": "dba.wang", "status": "offline"}, incident=None)
    at(0.3, "member.joined", "alice", {"member": "alice", "name": "Alice Wu", "team": "SRE"})
    at(0.6, "role.assigned", "alice", {"role": "commander", "member": "alice"})
    at(0.9, "member.joined", "bob", {"member": "bob", "name": "Bob Li", "team": "Platform"})
    at(1.1, "member.joined", "王芳", {"member": "王芳", "name": "王芳", "team": "公关部"}, login="wangfang")
    at(1.3, "member.joined", "chen", {"member": "chen", "name": "陈晨", "team": "技术部"})
    at(1.5, "member.joined", "dana", {"member": "dana", "name": "Dana Zhou", "team": "客服中心"})
    at(1.7, "member.joined", "li.wei", {"member": "li.wei", "name": "李伟", "team": "内容审核"})
    at(1.9, "member.joined", "刘洋", {"member": "刘洋", "name": "刘洋", "team": "法务部"})
    at(2.1, "role.assigned", "alice", {"role": "communications", "member": "王芳"})
    at(2.3, "role.assigned", "alice", {"role": "tech-lead", "member": "chen"})
    at(2.5, "role.assigned", "alice", {"role": "customer-service", "member": "dana"})
    at(2.6, "role.assigned", "alice", {"role": "content-review", "member": "li.wei"})
    at(2.7, "role.assigned", "alice", {"role": "legal", "member": "刘洋"})
    at(3, "comms.published", "王芳", {
        "audience": "internal", "channel": "飞书 war-room",
        "text": "【内部通报】支付网关超时，已按二级启动网站危机公关预案。Payment gateway timeouts: L2 declared, war room open.",
    }, login="wangfang")
    at(3.5, "member.status", "alice", {"member": "alice", "status": "engaged"})
    at(4, "pager.acknowledged", "pagerduty", {"page": "PD-88231", "service": "pay-gw", "by": "chen"})
    at(5, "note", "alice", {"kind": "decision",
                            "text": "决定：暂停秒杀入口，优先保障支付链路。Decision: pause the flash-sale entry to protect payments."})
    at(10, "checklist.done", "alice", {"item": "joint-activation"})
    at(12, "checklist.done", "alice", {"item": "form-team"})
    at(25, "comms.published", "王芳", {
        "audience": "external", "channel": "官网公告",
        "text": "关于双11部分用户支付失败的说明：我们正在紧急处理，资金安全不受影响。We are fixing failed payments; your money is safe.",
    }, login="wangfang")
    at(28, "incident.phase", "alice", {"phase": "verified",
                                       "note": "pay-gw-2 连接池耗尽 connection pool exhausted; 38% of card payments fail"})
    at(30, "checklist.done", "王芳", {"item": "one-voice"}, login="wangfang")
    at(33, "checklist.done", "王芳", {"item": "publish-official"}, login="wangfang")
    at(45, "checklist.done", "alice", {"item": "grade-crisis"})  # due 30m: late
    at(48, "checklist.added", "chen", {"item": "rotate-keys", "text": "轮换支付网关密钥 Rotate the payment gateway keys",
                                       "phase": "contained", "due": "2h", "role": "tech-lead"})
    at(50, "checklist.done", "li.wei", {"item": "takedown-content"})
    at(52, "checklist.undone", "alice", {"item": "takedown-content"})
    at(52.5, "note", "alice", {"text": "takedown-content 误勾：这不是内容类危机 (ticked by mistake: not a content crisis)"})
    at(70, "note", "刘洋", {"text": "泄露数量尚未证实，但已超过一级阈值 The leak claim is unverified but above the L1 threshold"})
    at(73, "incident.severity", "alice", {"severity": 1,
                                          "reason": "疑似超过1万名用户敏感数据泄露 over 10,000 records suspected leaked"}, jitter=False)
    at(74, "note", "alice", {"kind": "decision",
                             "text": "决定：升级为一级，立即上报管理层与监管。Decision: L1, report to management and the regulator now."})
    at(80, "comms.published", "alice", {
        "audience": "management", "channel": "CEO briefing call",
        "text": "L1: payments failing for 38% of users, 12,500 records claimed leaked (unverified). 一级事件，已启动法务评估。",
    })
    at(84, "checklist.done", "dana", {"item": "message-affected"})
    at(90, "comms.published", "王芳", {
        "audience": "external", "channel": "微博 @XX商城",
        "text": "网传“官方声明”系伪造；支付故障正在修复，泄露传闻正在核实。The circulating 'statement' is fake.",
    }, login="wangfang")
    at(100, "comms.published", "刘洋", {
        "audience": "regulator", "channel": "网信办报送系统",
        "text": "关于疑似个人信息泄露事件的初步报告（第一报）Initial report of a suspected personal data leak.",
    })
    at(110, "checklist.done", "chen", {"item": "isolate-system"})
    at(115, "incident.phase", "chen", {"phase": "contained", "note": "pay-gw-2 隔离 isolated; traffic on pay-gw-1/3"})
    at(117, "checklist.done", "chen", {"item": "rotate-keys"}, jitter=False)
    at(135, "role.released", "alice", {"role": "content-review"})
    at(150, "comms.published", "王芳", {
        "audience": "external", "channel": "App 公告",
        "text": "支付成功率已回升至 95%，泄露传闻经核实为不实。Payments recovering; the leak claim was false.",
    }, login="wangfang")
    # The commander hands over.
    at(180, "role.assigned", "alice", {"role": "commander", "member": "bob"}, jitter=False)
    at(180.5, "member.status", "alice", {"member": "alice", "status": "away"})
    at(181, "member.status", "bob", {"member": "bob", "status": "engaged"})
    at(182, "note", "bob", {"kind": "action",
                            "text": "交接 Handover alice → bob：一级，已隔离，待恢复 (L1, contained, restoring)"})
    at(240, "incident.phase", "bob", {"phase": "recovered", "note": "支付成功率 99.2% success rate"})
    at(241, "checklist.done", "chen", {"item": "restore-l1"})
    at(250, "comms.published", "bob", {"audience": "internal", "text": "服务已恢复 Service restored; stand down the night shift."})
    at(255, "comms.published", "王芳", {
        "audience": "external", "channel": "官网公告",
        "text": "服务已全面恢复，受影响用户将收到20元无门槛优惠券。Service restored; affected users get a ¥20 coupon.",
    }, login="wangfang")
    at(260, "comms.published", "bob", {"audience": "management", "text": "Recovered at 04:50; compensation: ¥20 coupons to 41,200 users."})
    at(270, "checklist.done", "dana", {"item": "compensate-users"})
    at(300, "member.left", "dana", {"member": "dana"})
    # Two days later: the review.
    day = 2 * 24 * 60
    at(day + 60, "checklist.done", "bob", {"item": "review-meeting"})
    at(day + 62, "checklist.done", "chen", {"item": "update-tech-docs"})
    at(day + 65, "note", "bob", {"kind": "decision",
                                 "text": "决定：连接池上限翻倍并加告警 Decision: double the pool limit and alert at 70%"})
    at(day + 80, "comms.published", "王芳", {"audience": "external", "channel": "官网公告",
                                            "text": "事件复盘摘要已发布 Review summary published."}, login="wangfang")
    at(day + 90, "incident.phase", "bob", {"phase": "closed", "note": "复盘会已开 review held"}, jitter=False)

    # Counters, read out as they change.
    for m, v in [(6, 120), (14, 450), (20, 1204), (60, 1650), (200, 1890)]:
        at(m, "counter.set", "dana", {"name": "complaints", "value": v, "unit": "tickets"})
    for m, v in [(8, 2.1), (16, 6.4), (120, 1.2)]:
        at(m, "counter.set", "chen", {"name": "login_failure_pct", "value": v, "unit": "%"})
    for m, v in [(18, 2.4), (22, 4.1), (130, 1.1)]:
        at(m, "counter.set", "chen", {"name": "page_load_seconds", "value": v, "unit": "s"})
    for m, v in [(35, 800), (55, 3400)]:
        at(m, "counter.set", "王芳", {"name": "negative_mentions_24h", "value": v, "unit": "posts"}, login="wangfang")
    for m, v in [(40, 0), (55.5, 3000), (65, 12500), (140, 0)]:
        at(m, "counter.set", "security", {"name": "leaked_records", "value": v, "unit": "records"}, jitter=(m != 65))
    for m, v in [(60, 85), (95, 125), (240, 255)]:
        at(m, "counter.set", "chen", {"name": "outage_minutes", "value": v, "unit": "min"})
    at(75, "counter.set", "王芳", {"name": "media_discussions", "value": 45000}, login="wangfang")
    # The success rate every five minutes until recovery.
    rate = 62.0
    for k in range(0, 49):
        m = 5 + k * 5
        if m < 110:
            rate = max(40.0, min(70.0, rate + rnd.uniform(-4, 3)))
        else:
            rate = min(99.2, rate + rnd.uniform(2, 6))
        at(m, "counter.set", "monitoring", {"name": "payment_success_pct", "value": round(rate, 1), "unit": "%"})

    # Observations and actions from the floor, in both languages.
    zh = [
        "pay-gw-2 返回 504 的比例升至 {n}%",
        "客服热线排队 {n} 人，已启用自动语音安抚",
        "数据库连接数 {n}/500，接近上限",
        "已扩容 pay-gw-1 到 {n} 个实例",
        "微博相关话题阅读量 {n} 万",
        "银行侧确认无异常，问题在我方网关（第{n}次确认）",
        "已通知财务核对 {n} 笔重复扣款",
        "灰度切流 {n}% 到 pay-gw-3",
    ]
    en = [
        "pay-gw-2 p99 latency {n} s",
        "checkout error budget burned: {n}%",
        "rolled pay-gw-1 to {n} replicas",
        "support macro updated; {n} tickets tagged payment-failure",
        "bank API healthy from our side, probe {n}",
        "retry storm: {n}k requests/min from the app",
        "connection pool at {n}/500",
        "CDN cache hit ratio {n}%",
    ]
    actors = ["chen", "bob", "dana", "li.wei", "alice", "王芳", "刘洋", "monitoring"]
    kinds = [None, None, None, "action", None, "action", None]
    k = 0
    while len(events) < 298:
        m = rnd.uniform(6, 245)
        texts = zh if k % 2 == 0 else en
        text = rnd.choice(texts).format(n=rnd.randint(2, 98))
        actor = rnd.choice(actors)
        data = {"text": text}
        kind = rnd.choice(kinds)
        if kind:
            data["kind"] = kind
        at(m, "note", actor, data, login="wangfang" if actor == "王芳" else None)
        k += 1

    events.sort(key=lambda e: (e[0], e[1]))
    out = []
    for n, (s, _, type_, actor, incident, data, login) in enumerate(events, start=1):
        out.append(line(t0 + timedelta(seconds=s), type_, actor, incident, "rc-%04d" % n, data, login))
    # One half-written line, as a crashed writer would leave it.
    bad_at = 120
    bad_ts = json.loads(out[bad_at - 1])["ts"]
    out.insert(bad_at, '{"v":1,"ts":"%s","type":"note","actor":"chen","incident":"%s","id":"rc-bad","data":{"text":"重启 pay-gw-2 中'
               % (bad_ts, inc))
    return out


# ── The drill ──────────────────────────────────────────────────────────────────

def drill():
    inc = "DRILL-20261105-01"
    t0 = datetime(2026, 11, 5, 2, 0, 0, tzinfo=timezone.utc)
    out = []

    def at(seconds, type_, actor, data, incident=inc, login=None):
        out.append(line(t0 + timedelta(seconds=seconds), type_, actor, incident, "dr-%03d" % (len(out) + 1), data, login))

    # Speed 30: one real second is half a scenario minute.
    at(0, "drill.started", "赵磊", {"scenario": "payment-promo", "speed": 30, "incident": inc,
                                   "title": "Double 11 payment outage and leak rumour", "run": "run-1105a"}, incident=None)
    at(0.5, "incident.declared", "赵磊", {
        "title": "【演练】Payment failures at Double 11 peak", "severity": 2, "playbook": "website-crisis", "drill": True,
        "summary": "双11支付故障演练 Card payments failing since the 00:00 peak. Drill."})
    at(1, "drill.inject", "赵磊", {"inject": "alert", "title": "Monitoring: payment success rate 58%"})
    at(1.001, "note", "monitoring", {"kind": "inject",
                                     "text": "ALERT pay-gw: card payment success rate 97% -> 58% over 15 min"})
    at(3, "member.joined", "alice", {"member": "alice", "name": "Alice Wu", "team": "SRE"})
    at(4, "role.assigned", "alice", {"role": "commander", "member": "alice"})
    at(6, "comms.published", "alice", {"audience": "internal", "channel": "飞书",
                                       "text": "【演练】支付失败，已按二级启动预案 Drill: L2 declared"})
    at(11, "drill.inject", "赵磊", {"inject": "complaints-1204", "title": "Complaints reach 1,204"})
    at(11.001, "counter.set", "customer-service-desk", {"name": "complaints", "value": 1204, "unit": "tickets"})
    at(14, "checklist.done", "alice", {"item": "joint-activation"})
    at(20, "drill.paused", "赵磊", {"reason": "茶歇 coffee break"})
    at(320, "drill.resumed", "赵磊", {})
    at(330, "incident.phase", "alice", {"phase": "verified", "note": "网关连接池耗尽 pool exhausted"})
    at(340, "drill.inject", "赵磊", {"inject": "leaked-records", "title": "12,000 records claimed leaked"})
    at(340.001, "counter.set", "security", {"name": "leaked_records", "value": 12000, "unit": "records"})
    at(352, "incident.severity", "alice", {"severity": 1, "reason": "疑似泄露超过1万条 over 10,000 records claimed"})
    at(353, "note", "alice", {"kind": "decision", "text": "决定：补偿20元优惠券 Decision: ¥20 coupons for affected users"})
    at(356, "comms.published", "alice", {"audience": "management", "text": "L1 drill: leak claimed, verifying"})
    at(360, "comms.published", "alice", {"audience": "external", "channel": "官网",
                                         "text": "支付故障修复中 Payments are being fixed"})
    at(365, "drill.inject", "赵磊", {"inject": "regulator-call", "title": "The regulator calls", "manual": True})
    at(365.001, "note", "regulator", {"kind": "inject", "text": "监管来电询问泄露情况 The regulator asks about the leak"})
    at(370, "comms.published", "alice", {"audience": "regulator", "text": "初步报告 Initial report"})
    at(380, "checklist.done", "alice", {"item": "isolate-system"})
    at(382, "incident.phase", "alice", {"phase": "contained"})
    at(400, "incident.phase", "alice", {"phase": "recovered"})
    at(410, "incident.phase", "alice", {"phase": "closed", "note": "演练结束 drill over"})
    at(411, "drill.ended", "赵磊", {"reason": "completed"})
    return out


def write(name, lines):
    with open(os.path.join(HERE, name), "w", encoding="utf-8", newline="\n") as f:
        for l in lines:
            f.write(l + "\n")


if __name__ == "__main__":
    write("real-incident.jsonl", real_incident())
    write("drill.jsonl", drill())
