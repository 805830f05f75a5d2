// The physical anchor for `warroom status --json` (issue 19): how fast this machine can
// parse every line of a journal and touch the members the status summary reads, with
// simdjson (Debian's libsimdjson-dev), the fastest JSON parser there is. Never linked into
// warroom; bench/run.py builds and runs it beside `status --json` and `jq -c .`.
//
//   g++ -O2 -std=c++17 bench/simdjson_anchor.cpp -lsimdjson -o simdjson_anchor
//   simdjson_anchor JOURNAL   # prints: lines, events, bad, incidents, a checksum
//
// What it touches per line is what the fold reads for the summary: the envelope (type, ts,
// actor, incident) and, for the types that change an incident's headline, the data members
// that carry the change (title and severity of a declaration, a severity, a phase, a role).
// It keeps a small per-incident summary so the work cannot be optimised away.
#include <simdjson.h>

#include <cstdio>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

using namespace simdjson;

namespace {

struct Summary {
    uint64_t events = 0;
    int64_t severity = 3;
    std::string phase = "declared";
    std::string title;
    std::string lastTs;
    std::string lastActor;
};

uint64_t mix(uint64_t h, std::string_view s) {
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
    return h;
}

}  // namespace

int main(int argc, char **argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s JOURNAL\n", argv[0]);
        return 2;
    }
    padded_string json;
    if (auto error = padded_string::load(argv[1]).get(json)) {
        std::fprintf(stderr, "%s: %s\n", argv[1], error_message(error));
        return 2;
    }
    ondemand::parser parser;
    ondemand::document_stream docs;
    if (auto error = parser.iterate_many(json, 1 << 20).get(docs)) {
        std::fprintf(stderr, "%s: %s\n", argv[1], error_message(error));
        return 2;
    }
    std::unordered_map<std::string, Summary> incidents;
    uint64_t lines = 0, events = 0, bad = 0, check = 14695981039346656037ull;
    for (auto doc : docs) {
        ++lines;
        ondemand::object o;
        if (doc.get_object().get(o)) {
            ++bad;
            continue;
        }
        std::string_view type, ts, actor, incident;
        if (o.find_field_unordered("type").get_string().get(type) || o.find_field_unordered("ts").get_string().get(ts) ||
            o.find_field_unordered("actor").get_string().get(actor)) {
            ++bad;
            continue;
        }
        ++events;
        check = mix(check, type);
        check = mix(check, actor);
        if (o.find_field_unordered("incident").get_string().get(incident)) continue;
        Summary &s = incidents[std::string(incident)];
        ++s.events;
        s.lastTs.assign(ts);
        s.lastActor.assign(actor);
        if (type != "incident.declared" && type != "incident.severity" && type != "incident.phase" && type != "role.assigned")
            continue;
        ondemand::object data;
        if (o.find_field_unordered("data").get_object().get(data)) continue;
        if (type == "incident.declared") {
            std::string_view title;
            if (!data.find_field_unordered("title").get_string().get(title)) s.title.assign(title);
            int64_t sev;
            if (!data.find_field_unordered("severity").get_int64().get(sev)) s.severity = sev;
        } else if (type == "incident.severity") {
            int64_t sev;
            if (!data.find_field_unordered("severity").get_int64().get(sev)) s.severity = sev;
        } else if (type == "incident.phase") {
            std::string_view phase;
            if (!data.find_field_unordered("phase").get_string().get(phase)) s.phase.assign(phase);
        } else {
            std::string_view role;
            if (!data.find_field_unordered("role").get_string().get(role)) check = mix(check, role);
        }
    }
    for (auto &[id, s] : incidents) {
        check = mix(check, id);
        check = mix(check, s.phase);
        check = mix(check, s.title);
        check += s.events * 31 + static_cast<uint64_t>(s.severity);
    }
    std::printf("lines %llu events %llu bad %llu incidents %zu check %016llx\n", (unsigned long long)lines,
                (unsigned long long)events, (unsigned long long)bad, incidents.size(), (unsigned long long)check);
    return 0;
}
