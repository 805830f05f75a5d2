import Foundation
import WarRoomCore

/// A colour as a theme names it.
public enum ThemeColor: Equatable, Hashable, Sendable {
    /// The terminal's own foreground or background.
    case terminalDefault
    /// An xterm palette index: 0–7 basic, 8–15 bright, 16–255 cube and greys.
    case indexed(Int)
    case rgb(UInt8, UInt8, UInt8)

    static let basicNames = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    static func parse(_ v: JSONValue) -> ThemeColor? {
        if let n = v.intValue, (0...255).contains(n) { return .indexed(n) }
        guard let s = v.stringValue?.lowercased() else { return nil }
        if s == "default" { return .terminalDefault }
        if let i = basicNames.firstIndex(of: s) { return .indexed(i) }
        if s.hasPrefix("#"), s.count == 7, let n = UInt32(s.dropFirst(), radix: 16) {
            return .rgb(UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF))
        }
        return nil
    }

    /// The nearest colour a terminal with `colors` colours can show; nil means none.
    /// The index among the 16 basic colours, if this is one.
    var basicIndex: Int? {
        if case .indexed(let i) = self, i < 16 { return i }
        return nil
    }

    public func degraded(to colors: Int) -> ThemeColor? {
        if colors < 8 { return self == .terminalDefault ? .terminalDefault : nil }
        switch self {
        case .terminalDefault: return self
        case .indexed(let i):
            if i < colors { return self }
            return ThemeColor.rgbOf(index: i).flatMap { ThemeColor.rgb($0.0, $0.1, $0.2).degraded(to: colors) }
        case .rgb(let r, let g, let b):
            if colors > 256 { return self }
            if colors >= 256 { return .indexed(ThemeColor.nearest256(r, g, b)) }
            return .indexed(ThemeColor.nearestBasic(r, g, b, count: colors >= 16 ? 16 : 8))
        }
    }

    static let basicRGB: [(Int, Int, Int)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255),
        (255, 255, 255),
    ]

    static func rgbOf(index i: Int) -> (UInt8, UInt8, UInt8)? {
        if i < 16 {
            let c = basicRGB[i]
            return (UInt8(c.0), UInt8(c.1), UInt8(c.2))
        }
        if i < 232 {
            let n = i - 16
            let levels = [0, 95, 135, 175, 215, 255]
            return (UInt8(levels[n / 36]), UInt8(levels[n / 6 % 6]), UInt8(levels[n % 6]))
        }
        if i < 256 {
            let g = UInt8(8 + (i - 232) * 10)
            return (g, g, g)
        }
        return nil
    }

    static func nearest256(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> Int {
        var best = 16
        var bestD = Int.max
        for i in 16..<256 {
            guard let c = rgbOf(index: i) else { continue }
            let d = sq(Int(c.0) - Int(r)) + sq(Int(c.1) - Int(g)) + sq(Int(c.2) - Int(b))
            if d < bestD {
                bestD = d
                best = i
            }
        }
        return best
    }

    static func nearestBasic(_ r: UInt8, _ g: UInt8, _ b: UInt8, count: Int) -> Int {
        var best = 0
        var bestD = Int.max
        for i in 0..<count {
            let c = basicRGB[i]
            let d = sq(c.0 - Int(r)) + sq(c.1 - Int(g)) + sq(c.2 - Int(b))
            if d < bestD {
                bestD = d
                best = i
            }
        }
        return best
    }

    private static func sq(_ x: Int) -> Int { x * x }
}

/// How one semantic style looks.
public struct StyleSpec: Equatable, Hashable, Sendable {
    public var fg: ThemeColor?
    public var bg: ThemeColor?
    public var bold = false
    public var dim = false
    public var underline = false
    public var reverse = false
    public var italic = false

    public init(
        fg: ThemeColor? = nil, bg: ThemeColor? = nil, bold: Bool = false, dim: Bool = false, underline: Bool = false,
        reverse: Bool = false, italic: Bool = false
    ) {
        self.fg = fg
        self.bg = bg
        self.bold = bold
        self.dim = dim
        self.underline = underline
        self.reverse = reverse
        self.italic = italic
    }

    /// The colours this style is drawn with on a terminal with `colors` colours.
    ///
    /// With 8 or 16 colours the greys of a theme round to black or white, and a
    /// black or white foreground on the terminal's own background vanishes on dark
    /// or on light terminals (unfocused borders and empty progress bars did, under
    /// TERM=xterm). Such a foreground, and one that rounds to its own background,
    /// takes the terminal's default foreground instead, which is legible on both.
    public func colors(on colors: Int) -> (fg: ThemeColor?, bg: ThemeColor?) {
        var f = fg?.degraded(to: colors)
        let b = bg?.degraded(to: colors)
        if colors < 256, let fi = f?.basicIndex {
            let onDefault = b == nil || b == .terminalDefault
            if (onDefault && [0, 7, 8, 15].contains(fi)) || b?.basicIndex.map({ $0 % 8 == fi % 8 }) == true {
                f = .terminalDefault
            }
        }
        return (f, b)
    }

    /// ANSI SGR parameters for this style on a terminal with `colors` colours.
    public func sgr(colors: Int) -> String {
        var p: [String] = []
        if bold { p.append("1") }
        if dim { p.append("2") }
        if italic { p.append("3") }
        if underline { p.append("4") }
        if reverse { p.append("7") }
        func code(_ c: ThemeColor?, base: Int) -> String? {
            guard let c else { return nil }
            switch c {
            case .terminalDefault: return nil
            case .indexed(let i) where i < 8: return "\(base + i)"
            case .indexed(let i): return "\(base + 8);5;\(i)"
            case .rgb(let r, let g, let b): return "\(base + 8);2;\(r);\(g);\(b)"
            }
        }
        let (fg, bg) = self.colors(on: colors)
        if let f = code(fg, base: 30) { p.append(f) }
        if let b = code(bg, base: 40) { p.append(b) }
        return p.isEmpty ? "" : "\u{1B}[" + p.joined(separator: ";") + "m"
    }
}

/// A theme: named colours and the semantic styles that use them.
public struct Theme: Sendable, Equatable {
    public var name: String
    public var styles: [StyleName: StyleSpec]
    public var path: String?

    public init(name: String, styles: [StyleName: StyleSpec], path: String? = nil) {
        self.name = name
        self.styles = styles
        self.path = path
    }

    /// The look of a style: itself, else its parent (`kpi.breached` → `kpi`), else `text`.
    public func spec(_ style: StyleName) -> StyleSpec {
        var name = style
        while true {
            if let s = styles[name] { return s }
            guard let dot = name.lastIndex(of: ".") else { break }
            name = String(name[..<dot])
        }
        return styles[Styles.text] ?? StyleSpec()
    }

    /// Used when no theme file can be read: legible on any terminal.
    public static let builtIn: Theme = {
        var s: [StyleName: StyleSpec] = [:]
        s[Styles.text] = StyleSpec()
        s[Styles.header] = StyleSpec(reverse: true)
        s["severity.1"] = StyleSpec(fg: .indexed(7), bg: .indexed(1), bold: true)
        s["severity.2"] = StyleSpec(fg: .indexed(0), bg: .indexed(3), bold: true)
        s["severity.3"] = StyleSpec(fg: .indexed(0), bg: .indexed(6))
        s[Styles.paneBorderFocused] = StyleSpec(bold: true)
        s[Styles.paneTitleFocused] = StyleSpec(bold: true)
        s[Styles.kpiBreached] = StyleSpec(fg: .indexed(1), bold: true)
        s[Styles.kpiWarning] = StyleSpec(fg: .indexed(3), bold: true)
        s[Styles.kpiMet] = StyleSpec(fg: .indexed(2))
        s[Styles.checklistOverdue] = StyleSpec(fg: .indexed(1), bold: true)
        s[Styles.footerError] = StyleSpec(fg: .indexed(1), bold: true)
        s[Styles.selection] = StyleSpec(reverse: true)
        s[Styles.inert] = StyleSpec(reverse: true)
        s[Styles.bannerSuggestion] = StyleSpec(fg: .indexed(0), bg: .indexed(3), bold: true)
        return Theme(name: "built-in", styles: s)
    }()

    /// No colour at all: meaning carried by bold, dim, underline and reverse.
    public func withoutColour() -> Theme {
        var t = self
        for (k, v) in styles {
            var n = v
            n.fg = nil
            n.bg = nil
            if v.bg != nil && v.bg != .terminalDefault && !v.reverse { n.reverse = true }
            t.styles[k] = n
        }
        return t
    }

    public static func parse(_ file: ConfigFile) throws(ConfigError) -> Theme {
        var palette: [String: ThemeColor] = [:]
        if let p = file.root["palette"] {
            guard case .object(let po) = p else { throw file.error(tr("palette must be a table of named colours"), key: "palette") }
            for m in po.members {
                guard let c = ThemeColor.parse(m.value) else {
                    throw file.error(
                        tr("colour {name} must be \"#rrggbb\", an index 0-255, a basic colour name or \"default\"", ["name": m.key]),
                        key: m.key, header: "[palette]")
                }
                palette[m.key] = c
            }
        }
        guard case .object(let so)? = file.root["styles"] else {
            throw file.error(tr("a theme needs a [styles] table"), key: "styles")
        }
        var styles: [StyleName: StyleSpec] = [:]
        for m in so.members {
            guard case .object(let o) = m.value else {
                throw file.error(
                    tr("style {name} must be an inline table like { fg = \"red\", bold = true }", ["name": m.key]), key: m.key,
                    header: "[styles]")
            }
            var spec = StyleSpec()
            for k in o.members {
                switch k.key {
                case "fg", "bg":
                    guard let name = k.value.stringValue else {
                        throw file.error(
                            tr("style {name}: {key} must name a palette colour", ["name": m.key, "key": k.key]), key: m.key,
                            header: "[styles]")
                    }
                    let color: ThemeColor
                    if let c = palette[name] {
                        color = c
                    } else if name == "default" {
                        color = .terminalDefault
                    } else {
                        throw file.error(
                            tr("style {name}: colour \"{colour}\" is not in [palette]", ["name": m.key, "colour": name]), key: m.key,
                            header: "[styles]")
                    }
                    if k.key == "fg" { spec.fg = color } else { spec.bg = color }
                case "bold", "dim", "underline", "reverse", "italic":
                    guard let b = k.value.boolValue else {
                        throw file.error(
                            tr("style {name}: {key} must be true or false", ["name": m.key, "key": k.key]), key: m.key, header: "[styles]")
                    }
                    switch k.key {
                    case "bold": spec.bold = b
                    case "dim": spec.dim = b
                    case "underline": spec.underline = b
                    case "reverse": spec.reverse = b
                    default: spec.italic = b
                    }
                default:
                    throw file.error(
                        tr(
                            "style {name}: unknown key \"{key}\" (use fg, bg, bold, dim, underline, reverse, italic)",
                            ["name": m.key, "key": k.key]),
                        key: m.key, header: "[styles]")
                }
            }
            styles[m.key] = spec
        }
        return Theme(name: file.root["name"]?.stringValue ?? (file.path as NSString).lastPathComponent, styles: styles, path: file.path)
    }

    /// Resolves `--theme NAME|PATH` (else `$WARROOM_THEME`, else `default`; `NO_COLOR` gives `mono`).
    /// A broken or missing theme gives the default theme and a warning naming file and line.
    public static func resolve(_ requested: String?, environment: [String: String] = ProcessInfo.processInfo.environment)
        -> (theme: Theme, warning: String?)
    {
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
        let wanted = requested ?? environment["WARROOM_THEME"].flatMap { $0.isEmpty ? nil : $0 } ?? (noColor ? "mono" : "default")
        var warning: String?
        if let t = load(wanted, environment: environment, warning: &warning) {
            return (noColor ? t.withoutColour() : t, warning)
        }
        var fallbackWarning: String?
        let fallback = (wanted == "default" ? nil : load("default", environment: environment, warning: &fallbackWarning)) ?? builtIn
        return (noColor ? fallback.withoutColour() : fallback, warning ?? fallbackWarning)
    }

    static func load(_ nameOrPath: String, environment: [String: String], warning: inout String?) -> Theme? {
        var path = nameOrPath
        if !nameOrPath.contains("/") && !nameOrPath.hasSuffix(".toml") {
            guard let dir = DataDirectory.find("themes", environment: environment) else {
                warning = tr(
                    "no themes directory found for theme \"{name}\" (set WARROOM_DATA); using the built-in theme", ["name": nameOrPath])
                return nil
            }
            path = (dir as NSString).appendingPathComponent(nameOrPath + ".toml")
            if !FileManager.default.fileExists(atPath: path) {
                let known = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".toml") }
                    .map { String($0.dropLast(5)) }.sorted()
                warning = tr(
                    "no theme \"{name}\" (known: {known}); using the default theme",
                    ["name": nameOrPath, "known": known.joined(separator: ", ")])
                return nil
            }
        }
        do {
            return try parse(ConfigFile.load(path: path))
        } catch {
            warning = tr("theme {error}; using the default theme", ["error": "\(error)"])
            return nil
        }
    }
}
