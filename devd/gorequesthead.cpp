#include "gorequesthead.h"

namespace stellmap {

namespace {

QByteArray trimSpaceTab(QByteArrayView line)
{
    qsizetype begin = 0;
    qsizetype end = line.size();
    while (begin < end && (line[begin] == ' ' || line[begin] == '\t')) {
        ++begin;
    }
    while (end > begin && (line[end - 1] == ' ' || line[end - 1] == '\t')) {
        --end;
    }
    return line.sliced(begin, end - begin).toByteArray();
}

bool isTokenByte(char c)
{
    const auto u = static_cast<unsigned char>(c);
    if ((u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z')) {
        return true;
    }
    return QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

bool isValidFieldName(const QByteArray &name)
{
    if (name.isEmpty()) {
        return false;
    }
    for (const char c : name) {
        if (!isTokenByte(c)) {
            return false;
        }
    }
    return true;
}

// httpguts.ValidHeaderFieldValue: no control bytes but horizontal tab.
bool isValidFieldValue(const QByteArray &value)
{
    for (const char c : value) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && u != '\t') || u == 0x7F) {
            return false;
        }
    }
    return true;
}

// httpguts.ValidHostHeader.
bool isValidHost(const QByteArray &host)
{
    for (const char c : host) {
        const auto u = static_cast<unsigned char>(c);
        const bool ok = (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') ||
                        (u >= 'A' && u <= 'Z') || QByteArrayView("!$%&'()*+,-.:;=[]_~").contains(c);
        if (!ok) {
            return false;
        }
    }
    return true;
}

bool equalsIgnoringCase(QByteArrayView a, QByteArrayView b)
{
    return a.compare(b, Qt::CaseInsensitive) == 0;
}

// textproto's line reading: up to LF, one CR before it dropped.
QList<QByteArray> splitLines(QByteArrayView head)
{
    QList<QByteArray> lines;
    qsizetype start = 0;
    while (start < head.size()) {
        qsizetype end = head.indexOf('\n', start);
        if (end < 0) {
            end = head.size();
        }
        qsizetype lineEnd = end;
        if (lineEnd > start && head[lineEnd - 1] == '\r') {
            --lineEnd;
        }
        lines.append(head.sliced(start, lineEnd - start).toByteArray());
        start = end + 1;
    }
    return lines;
}

} // namespace

QByteArray GoRequestHead::plainRefusal(const QByteArray &statusAndText, const QByteArray &body)
{
    return "HTTP/1.1 " + statusAndText +
           "\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n" + body;
}

QByteArray GoRequestHead::badRequest(const QByteArray &reason)
{
    const QByteArray text =
        reason.isEmpty() ? QByteArray("400 Bad Request") : "400 Bad Request: " + reason;
    return plainRefusal(text, text);
}

qsizetype GoRequestHead::findEnd(QByteArrayView input)
{
    // The head ends with an empty line (LF or CRLF).
    qsizetype lineStart = 0;
    while (lineStart < input.size()) {
        const qsizetype end = input.indexOf('\n', lineStart);
        if (end < 0) {
            return -1;
        }
        const qsizetype length = end - lineStart;
        if (lineStart > 0 && (length == 0 || (length == 1 && input[lineStart] == '\r'))) {
            return end + 1;
        }
        lineStart = end + 1;
    }
    return -1;
}

GoRequestHead GoRequestHead::parse(QByteArrayView block)
{
    GoRequestHead head;
    QList<QByteArray> lines = splitLines(block);
    while (!lines.isEmpty() && lines.last().isEmpty()) {
        lines.removeLast();
    }
    if (lines.isEmpty()) {
        head.refusal = badRequest();
        return head;
    }

    // Request line: METHOD SP URI SP PROTO (cut at the first two spaces).
    const QByteArray &first = lines.first();
    const qsizetype space1 = first.indexOf(' ');
    const qsizetype space2 = space1 < 0 ? -1 : first.indexOf(' ', space1 + 1);
    if (space1 < 0 || space2 < 0) {
        head.refusal = badRequest();
        return head;
    }
    const QByteArray method = first.left(space1);
    const QByteArray target = first.mid(space1 + 1, space2 - space1 - 1);
    const QByteArray proto = first.mid(space2 + 1);
    // ParseHTTPVersion: "HTTP/" DIGIT "." DIGIT.
    if (proto.size() != 8 || !proto.startsWith("HTTP/") || proto.at(6) != '.' ||
        proto.at(5) < '0' || proto.at(5) > '9' || proto.at(7) < '0' || proto.at(7) > '9') {
        head.refusal = badRequest();
        return head;
    }
    if (proto.at(5) != '1') {
        const QByteArray text = "505 HTTP Version Not Supported: unsupported protocol version";
        head.refusal = plainRefusal(text, text);
        return head;
    }
    head.versionMinor = proto.at(7) == '0' ? 0 : 1;
    head.requestLine = method + ' ' + target + (head.versionMinor == 0 ? " HTTP/1.0" : " HTTP/1.1");

    // Header lines, with folded continuation lines joined.
    if (lines.size() > 1 && (lines.at(1).startsWith(' ') || lines.at(1).startsWith('\t'))) {
        head.refusal = badRequest();
        return head;
    }
    HttpHeaders raw;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        QByteArray line = trimSpaceTab(lines.at(i));
        while (i + 1 < lines.size() &&
               (lines.at(i + 1).startsWith(' ') || lines.at(i + 1).startsWith('\t'))) {
            line += ' ' + trimSpaceTab(lines.at(++i));
        }
        const qsizetype colon = line.indexOf(':');
        if (colon < 0) {
            head.refusal = badRequest(); // malformed MIME header line
            return head;
        }
        const QByteArray name = line.left(colon);
        if (name.isEmpty()) {
            continue; // Go skips an empty name rather than refusing it
        }
        raw.append({name, trimSpaceTab(QByteArrayView(line).sliced(colon + 1))});
    }

    const auto values = [&raw](QByteArrayView name) {
        QList<QByteArray> out;
        for (const auto &[key, value] : raw) {
            if (equalsIgnoringCase(key, name)) {
                out.append(value);
            }
        }
        return out;
    };
    if (values("Host").size() > 1) {
        head.refusal = badRequest(); // "too many Host headers", a plain error in Go
        return head;
    }

    // readTransfer: the transfer coding first, then the length.
    const QList<QByteArray> codings = values("Transfer-Encoding");
    bool chunked = false;
    if (!codings.isEmpty() && head.versionMinor >= 1) {
        if (codings.size() != 1 || !equalsIgnoringCase(codings.first(), "chunked")) {
            head.refusal = plainRefusal("501 Not Implemented", "Unsupported transfer encoding");
            return head;
        }
        chunked = true;
    }
    qint64 length = -1;
    const QList<QByteArray> lengths = values("Content-Length");
    if (!chunked && !lengths.isEmpty()) {
        const QByteArray firstLength = lengths.first().trimmed();
        for (const QByteArray &other : lengths) {
            if (other.trimmed() != firstLength) {
                head.refusal = badRequest();
                return head;
            }
        }
        if (!firstLength.isEmpty()) {
            bool digits = firstLength.size() <= 19;
            for (const char c : firstLength) {
                digits = digits && c >= '0' && c <= '9';
            }
            bool ok = false;
            length = firstLength.toLongLong(&ok);
            if (!digits || !ok) {
                head.refusal = badRequest();
                return head;
            }
        }
    }
    head.body = chunked ? Body::Chunked : (length > 0 ? Body::Length : Body::None);
    head.contentLength = qMax<qint64>(0, length);
    for (const auto &entry : raw) {
        if (!equalsIgnoringCase(entry.first, "Transfer-Encoding") &&
            !equalsIgnoringCase(entry.first, "Content-Length")) {
            head.headers.append(entry);
        }
    }

    // The server's own checks.
    const QList<QByteArray> hosts = values("Host");
    if (head.versionMinor >= 1 && hosts.isEmpty() && method != "CONNECT") {
        head.lateRefusal = badRequest("missing required Host header");
    } else if (hosts.size() == 1 && !isValidHost(hosts.first())) {
        head.lateRefusal = badRequest("malformed Host header");
    } else {
        for (const auto &[name, value] : raw) {
            if (!isValidFieldName(name)) {
                head.lateRefusal = badRequest("invalid header name");
                break;
            }
            if (!isValidFieldValue(value)) {
                head.lateRefusal = badRequest("invalid header value");
                break;
            }
        }
    }
    return head;
}

QByteArray GoRequestHead::canonicalHead() const
{
    QByteArray out = requestLine + "\r\n";
    for (const auto &[name, value] : headers) {
        if (isValidFieldName(name) && isValidFieldValue(value)) {
            out += name + ": " + value + "\r\n";
        }
    }
    return out + "\r\n";
}

} // namespace stellmap
