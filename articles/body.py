"""Splitting a sanitised article body into its top-level blocks, so photos can go between them."""

from html.parser import HTMLParser

VOID_ELEMENTS = {"br", "hr", "img", "wbr"}


class _TopLevelSplitter(HTMLParser):
    def __init__(self, html):
        super().__init__(convert_charrefs=False)
        self.html = html
        self.line_starts = [0]
        for index, char in enumerate(html):
            if char == "\n":
                self.line_starts.append(index + 1)
        self.depth = 0
        self.block_start = 0
        self.blocks = []  # (tag, html)
        self.current_tag = None

    def _offset(self):
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        if self.depth == 0:
            self.block_start = self._offset()
            self.current_tag = tag
        if tag in VOID_ELEMENTS:
            if self.depth == 0:
                self._close(self._offset() + len(self.get_starttag_text()))
            return
        self.depth += 1

    def handle_startendtag(self, tag, attrs):
        if self.depth == 0:
            self.block_start = self._offset()
            self.current_tag = tag
            self._close(self._offset() + len(self.get_starttag_text()))

    def handle_endtag(self, tag):
        if tag in VOID_ELEMENTS:
            return
        self.depth = max(self.depth - 1, 0)
        if self.depth == 0:
            end = self.html.index(">", self._offset()) + 1
            self._close(end)

    def _close(self, end):
        self.blocks.append((self.current_tag, self.html[self.block_start : end]))


def top_level_blocks(html):
    """[(tag, html), ...] for each top-level element of `html` (text between elements is dropped)."""
    splitter = _TopLevelSplitter(html)
    splitter.feed(html)
    splitter.close()
    return splitter.blocks


def place_after_paragraphs(html, items):
    """
    Interleave `items` (objects with `after_paragraph`) with the body's blocks.

    Returns [(block_html, [items placed after it])]; items for paragraph 0 come first with an
    empty block, and items past the last paragraph go after the final block.
    """
    blocks = top_level_blocks(html)
    placed = [("", [])] + [(block_html, []) for _tag, block_html in blocks]
    paragraph_positions = [index + 1 for index, (tag, _html) in enumerate(blocks) if tag == "p"]
    for item in items:
        n = item.after_paragraph
        if n <= 0 or not paragraph_positions:
            position = 0 if n <= 0 else len(placed) - 1
        else:
            position = paragraph_positions[min(n, len(paragraph_positions)) - 1]
        placed[position][1].append(item)
    return [(block_html, block_items) for block_html, block_items in placed if block_html or block_items]
