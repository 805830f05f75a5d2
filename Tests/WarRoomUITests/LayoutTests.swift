import Testing
import WarRoomUI

/// Where the console puts each part of the screen, at the sizes people use:
/// the minimum (60x18), a classic terminal (80x24), the wide layout's
/// threshold (120x40) and a large screen (200x60).
@Suite("Layout")
struct LayoutTests {
    static let sizes = [(60, 18), (80, 24), (120, 40), (200, 60)]

    func layout(_ w: Int, _ h: Int, banner: Bool = false) throws -> Layout {
        try #require(Layout.make(width: w, height: h, banner: banner), "no layout at \(w)x\(h)")
    }

    @Test
    func belowTheMinimumThereIsNoLayout() {
        #expect(Layout.make(width: 59, height: 18, banner: false) == nil)
        #expect(Layout.make(width: 60, height: 17, banner: false) == nil)
        #expect(Layout.make(width: 0, height: 0, banner: true) == nil)
        #expect(Layout.make(width: 60, height: 18, banner: true) != nil)
    }

    @Test
    func compactAt60x18() throws {
        let l = try layout(60, 18)
        #expect(l.timeline == Rect(x: 0, y: 1, width: 60, height: 6))
        #expect(l.roster == Rect(x: 0, y: 7, width: 15, height: 9))
        #expect(l.checklist == Rect(x: 15, y: 7, width: 25, height: 9))
        #expect(l.kpis == Rect(x: 40, y: 7, width: 20, height: 9))
    }

    @Test
    func compactAt80x24() throws {
        let l = try layout(80, 24)
        // Six inner rows of timeline: what the scroll tests count on at 80x24.
        #expect(l.timeline == Rect(x: 0, y: 1, width: 80, height: 8))
        #expect(l.roster == Rect(x: 0, y: 9, width: 20, height: 13))
        #expect(l.checklist == Rect(x: 20, y: 9, width: 33, height: 13))
        #expect(l.kpis == Rect(x: 53, y: 9, width: 27, height: 13))
    }

    @Test
    func wideAt120x40() throws {
        let l = try layout(120, 40)
        #expect(l.timeline == Rect(x: 0, y: 1, width: 68, height: 37))
        #expect(l.kpis == Rect(x: 68, y: 1, width: 52, height: 14))
        #expect(l.roster == Rect(x: 68, y: 15, width: 52, height: 11))
        #expect(l.checklist == Rect(x: 68, y: 26, width: 52, height: 12))
    }

    @Test
    func wideAt200x60() throws {
        let l = try layout(200, 60)
        #expect(l.timeline == Rect(x: 0, y: 1, width: 116, height: 57))
        #expect(l.kpis == Rect(x: 116, y: 1, width: 84, height: 16))
        #expect(l.roster == Rect(x: 116, y: 17, width: 84, height: 14))
        #expect(l.checklist == Rect(x: 116, y: 31, width: 84, height: 27))
    }

    @Test
    func justUnderTheWideThresholdStaysCompact() throws {
        for (w, h) in [(119, 40), (120, 39)] {
            let l = try layout(w, h)
            #expect(l.timeline.width == w, "\(w)x\(h): the timeline should span the width")
        }
    }

    @Test(arguments: [false, true])
    func barsSitAtTheEdges(banner: Bool) throws {
        for (w, h) in Self.sizes {
            let l = try layout(w, h, banner: banner)
            #expect(l.header == Rect(x: 0, y: 0, width: w, height: 1))
            #expect(l.banner == (banner ? Rect(x: 0, y: 1, width: w, height: 1) : nil))
            #expect(l.hints == Rect(x: 0, y: h - 2, width: w, height: 1))
            #expect(l.status == Rect(x: 0, y: h - 1, width: w, height: 1))
        }
    }

    /// Every cell between the bars belongs to exactly one pane, and each pane
    /// has room for its border and at least one row and ten columns inside.
    @Test(arguments: [false, true])
    func panesTileTheBody(banner: Bool) throws {
        for (w, h) in Self.sizes {
            let l = try layout(w, h, banner: banner)
            let top = banner ? 2 : 1
            var owners = [[Int]](repeating: [Int](repeating: 0, count: w), count: h)
            for pane in Pane.allCases {
                let r = l.rect(of: pane)
                #expect(r.height >= 3 && r.width >= 12, "\(w)x\(h): \(pane.title) is \(r.width)x\(r.height)")
                for y in r.y..<(r.y + r.height) {
                    for x in r.x..<(r.x + r.width) {
                        guard y >= 0, y < h, x >= 0, x < w else {
                            Issue.record("\(w)x\(h): \(pane.title) reaches (\(x),\(y)), off the screen")
                            continue
                        }
                        owners[y][x] += 1
                    }
                }
            }
            for y in 0..<h {
                let expected = (top..<(h - 2)).contains(y) ? 1 : 0
                let wrong = owners[y].indices.filter { owners[y][$0] != expected }
                #expect(
                    wrong.isEmpty,
                    "\(w)x\(h) banner \(banner): row \(y) columns \(wrong.prefix(5)) are covered \(wrong.first.map { owners[y][$0] } ?? 0) times"
                )
            }
        }
    }

    @Test
    func theBannerTakesARowFromTheBody() throws {
        for (w, h) in Self.sizes {
            let plain = try layout(w, h), banner = try layout(w, h, banner: true)
            let heights = { (l: Layout) in Pane.allCases.map { l.rect(of: $0).height } }
            #expect(banner.timeline.y == plain.timeline.y + 1)
            #expect(heights(banner) != heights(plain), "\(w)x\(h): the banner row came from nowhere")
        }
    }
}
