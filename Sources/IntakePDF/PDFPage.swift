internal import CPoppler
import IntakeCore

/// One page of a ``PDFDocument``; it keeps its document alive.
public final class PDFPage {
    let pointer: OpaquePointer
    /// Strong: a page must not outlive the document Poppler loaded it from.
    let document: PDFDocument

    init(pointer: OpaquePointer, document: PDFDocument) {
        self.pointer = pointer
        self.document = document
    }

    deinit {
        // "Returns: The PopplerPage at index. [transfer full]" — released here.
        CPoppler_releasePage(pointer)
    }

    /// The page size in points (1/72 inch), after the page's own rotation.
    public var size: (width: Double, height: Double) {
        var width = 0.0
        var height = 0.0
        poppler_page_get_size(pointer, &width, &height)
        return (width, height)
    }

    /// The text layer in reading order, as Poppler lays it out; empty when there is none.
    public var text: String {
        guard let text = poppler_page_get_text(pointer) else { return "" }
        // "Returns: a string containing the text of page. [transfer full]" — freed with g_free.
        defer { g_free(text) }
        return String(cString: text)
    }

    /// The text layer of a right-to-left page: the whole page selected from its top right
    /// corner to its bottom left. `poppler_page_get_text` selects from the top left, and on an
    /// Arabic or Hebrew page (Poppler 22.12) that selection leaves out the first and the last
    /// line; selected the way such a page is read, they are there.
    public var rightToLeftText: String {
        let (width, height) = size
        var selection = PopplerRectangle(x1: width, y1: 0, x2: 0, y2: height)
        guard let text = poppler_page_get_selected_text(pointer, POPPLER_SELECTION_GLYPH, &selection) else {
            return ""
        }
        // "Returns: a newly allocated string containing the selected text. [transfer full]".
        defer { g_free(text) }
        return String(cString: text)
    }
}

@available(*, unavailable)
extension PDFPage: Sendable {}
