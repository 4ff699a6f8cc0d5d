"""What the archival PDF standard asks of a record that can be checked here without a PDF/A
validator: fonts (poppler's ``pdffonts``), a line end before every ``endstream`` with ``/Length``
counting the data only (the file's own bytes), and document information that the XMP metadata
repeats (read back by ``qpdf --json``, not by the library that wrote them)."""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

_STREAM = re.compile(rb">>\s*stream(\r\n|\n)")
_LENGTH = re.compile(rb"/Length (\d+)(?: (\d+) (\d+) R)?(?=[\s/>\]])")
_AFTER_DATA = re.compile(rb"(\r\n|\r|\n)endstream")

NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
}
INFO_TO_XMP = {
    "/Title": "dc:title", "/Author": "dc:creator", "/Subject": "dc:description",
    "/Keywords": "pdf:Keywords", "/Creator": "xmp:CreatorTool", "/Producer": "pdf:Producer",
    "/CreationDate": "xmp:CreateDate", "/ModDate": "xmp:ModifyDate",
}
"""The document information entries and the XMP properties that must say the same (ISO
19005-1 6.7.3, kept by the later parts)."""


def not_embedded(path: Path) -> set[str]:
    """The fonts ``pdffonts`` lists as not embedded."""
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    return {line.split()[0] for line in lines if " no " in line[60:]}


def stream_end_problems(data: bytes) -> list[str]:
    """Every stream in the file, in every revision: its ``/Length`` bytes of data followed by a
    line end and ``endstream``; "" problems when each one is."""
    problems = []
    found = 0
    for match in _STREAM.finditer(data):
        found += 1
        head = data.rfind(b" obj", 0, match.start())
        lengths = _LENGTH.findall(data, head, match.start())
        if len(lengths) != 1:
            problems.append(f"stream at byte {match.end()}: {len(lengths)} /Length entries")
            continue
        value, number, generation = lengths[0]
        if number:  # an indirect length: the object's last definition in the file
            defined = re.findall(rb"\b%s %s obj\s*(\d+)\s*endobj" % (number, generation), data)
            value = defined[-1] if defined else b"-1"
        end = match.end() + int(value)
        if not _AFTER_DATA.match(data, end):
            problems.append(f"stream at byte {match.end()}: no line end between its "
                            f"{int(value)} bytes of data and endstream")
    if found != data.count(b"endstream"):
        problems.append(f"{data.count(b'endstream')} endstream keywords but {found} streams")
    return problems


def info_and_xmp(path: Path) -> tuple[dict[str, str], dict[str, str], str]:
    """The current document information, what the XMP metadata says for each of its entries
    (keyed by the information's names; dates as ISO 8601 in UTC), and the XMP packet itself."""
    out = subprocess.run(["qpdf", "--json", "--json-key=qpdf", "--json-stream-data=inline",
                          str(path)], capture_output=True, text=True, check=True).stdout
    objects = json.loads(out)["qpdf"][1]
    trailer = objects["trailer"]["value"]
    info = {key: _text(value) for key, value in
            objects[f"obj:{trailer['/Info']}"]["value"].items()}
    root = objects[f"obj:{trailer['/Root']}"]["value"]
    packet = base64.b64decode(objects[f"obj:{root['/Metadata']}"]["stream"]["data"])
    said = _xmp_properties(packet)
    xmp = {key: said[prop] for key, prop in INFO_TO_XMP.items() if prop in said}
    for key in ("/CreationDate", "/ModDate"):
        if key in info:
            info[key] = _pdf_date(info[key]).isoformat()
        if key in xmp:
            xmp[key] = dt.datetime.fromisoformat(xmp[key]).astimezone(dt.UTC).isoformat()
    return info, xmp, packet.decode("utf-8")


def _text(value: object) -> str:
    text = str(value)
    return text[2:] if text.startswith(("u:", "b:")) else text


def _pdf_date(value: str) -> dt.datetime:
    found = re.fullmatch(r"D:(\d{14})(Z|([+-])(\d\d)'?(\d\d)'?)?", value)
    assert found, f"not a PDF date: {value}"
    when = dt.datetime.strptime(found[1], "%Y%m%d%H%M%S")
    offset = dt.timedelta(0)
    if found[3]:
        offset = dt.timedelta(hours=int(found[4]), minutes=int(found[5]))
        offset = -offset if found[3] == "-" else offset
    return when.replace(tzinfo=dt.timezone(offset)).astimezone(dt.UTC)


def _xmp_properties(packet: bytes) -> dict[str, str]:
    """Every property of every rdf:Description, as ``prefix:Name`` → its text (a language
    alternative's x-default, a sequence's items joined by "; ")."""
    prefixes = {uri: prefix for prefix, uri in NS.items()}

    def name(tag: str) -> str:
        uri, _, local = tag[1:].partition("}")
        return f"{prefixes.get(uri, uri)}:{local}"

    out: dict[str, str] = {}
    for description in ET.fromstring(packet).iter(f"{{{NS['rdf']}}}Description"):
        for key, value in description.attrib.items():
            if not key.startswith(f"{{{NS['rdf']}}}"):
                out[name(key)] = value
        for child in description:
            items = child.findall(".//rdf:li", NS)
            out[name(child.tag)] = "; ".join(i.text or "" for i in items) if items \
                else (child.text or "")
    return out
