import Foundation
import Testing
import WarRoomCore

@testable import WarRoomUI

// Every shipped theme must stay legible with 8 and 16 colours (TERM=xterm, a
// jump host's old terminal) on dark and on light backgrounds. Under xterm the
// default theme once drew unfocused borders and the empty part of progress bars
// in black on the terminal's black: they vanished.

private let themeFiles: [String] = {
    let dir = uiPackageRoot + "/themes"
    return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".toml") }.sorted()
        .map { dir + "/" + $0 }
}()

@Suite("Themes at 8 and 16 colours")
struct ThemeLegibilityTests {
    @Test("the shipped themes are found")
    func themesFound() {
        #expect(themeFiles.count >= 4, "\(themeFiles)")
    }

    @Test("no style draws black or white on the terminal's own background, or a colour on itself", arguments: themeFiles)
    func legible(path: String) throws {
        let theme = try Theme.parse(ConfigFile.load(path: path))
        for colors in [8, 16] {
            for (name, _) in theme.styles {
                let spec = theme.spec(name)
                let (fg, bg) = spec.colors(on: colors)
                guard case .indexed(let f)? = fg else { continue }
                let onDefault = bg == nil || bg == .terminalDefault
                if onDefault {
                    #expect(![0, 7, 8, 15].contains(f), "\(path): \(name) at \(colors) colours is colour \(f) on the default background")
                } else if case .indexed(let b)? = bg {
                    #expect(f % 8 != b % 8, "\(path): \(name) at \(colors) colours is colour \(f) on \(b)")
                }
            }
        }
    }

    @Test("256 colours keep the theme's own greys")
    func fullPaletteUnchanged() throws {
        let theme = try Theme.parse(ConfigFile.load(path: uiPackageRoot + "/themes/default.toml"))
        let spec = theme.spec("pane.border")
        #expect(spec.colors(on: 256).fg == spec.fg?.degraded(to: 256))
        #expect(spec.colors(on: 256).fg != .terminalDefault)
    }
}
