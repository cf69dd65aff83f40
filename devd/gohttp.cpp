#include "gohttp.h"

#include "apienvelope.h"
#include "gotext.h"

namespace stellmap {

namespace {

// Go's path.Clean.
QByteArray cleanSlashPath(const QByteArray &path)
{
    const bool rooted = path.startsWith('/');
    QList<QByteArray> out;
    for (const QByteArray &segment : path.split('/')) {
        if (segment.isEmpty() || segment == ".") {
            continue;
        }
        if (segment == "..") {
            if (!out.isEmpty() && out.last() != "..") {
                out.removeLast();
            } else if (!rooted) {
                out.append(segment);
            }
            continue;
        }
        out.append(segment);
    }
    QByteArray cleaned = out.join('/');
    if (rooted) {
        cleaned.prepend('/');
    }
    return cleaned.isEmpty() ? QByteArray(".") : cleaned;
}

// net/http's cleanPath: rooted, cleaned, trailing slash kept.
QByteArray muxCleanPath(QByteArray path)
{
    if (path.isEmpty()) {
        return "/";
    }
    if (!path.startsWith('/')) {
        path.prepend('/');
    }
    QByteArray cleaned = cleanSlashPath(path);
    if (path.endsWith('/') && cleaned != "/") {
        cleaned += '/';
    }
    return cleaned;
}

// ServeMux matches escaped paths segment by segment, so "%2F" never splits a segment.
QByteArray segmentRoute(const QByteArray &cleanEscapedPath)
{
    QByteArray route;
    const QList<QByteArray> segments = cleanEscapedPath.split('/');
    for (qsizetype s = 1; s < segments.size(); ++s) {
        const QByteArray &segment = segments.at(s);
        QByteArray decoded;
        for (qsizetype i = 0; i < segment.size(); ++i) {
            if (segment.at(i) == '%' && i + 2 < segment.size()) { // escapes were validated
                decoded.append(char(GoText::hexDigit(segment.at(i + 1)) * 16 +
                                    GoText::hexDigit(segment.at(i + 2))));
                i += 2;
            } else {
                decoded.append(segment.at(i));
            }
        }
        if (decoded.contains('/')) {
            return QByteArray();
        }
        route += '/' + decoded;
    }
    return route;
}

// url.URL.String()'s escaping of a path for the Location header.
QByteArray escapePathForLocation(const QByteArray &path)
{
    static const QByteArray allowed = "-_.~$&+,/:;=@";
    QByteArray out;
    for (const char c : path) {
        const auto u = static_cast<unsigned char>(c);
        if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') ||
            allowed.contains(c)) {
            out.append(c);
        } else {
            static const char hex[] = "0123456789ABCDEF";
            out.append('%');
            out.append(hex[u >> 4]);
            out.append(hex[u & 0xF]);
        }
    }
    return out;
}

QByteArray htmlEscape(const QByteArray &text)
{
    QByteArray out;
    for (const char c : text) {
        switch (c) {
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '&':
            out += "&amp;";
            break;
        case '\'':
            out += "&#39;";
            break;
        case '"':
            out += "&#34;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

} // namespace

std::optional<QByteArray> GoHttp::route(HttpConnection &connection, const HttpRequest &request)
{
    if (request.target == "*") {
        if (request.method == "OPTIONS") {
            connection.respond(200, {{"Content-Length", "0"}}, QByteArray());
        } else {
            // ServeMux refuses "*" for every other method.
            connection.respond(400, {{"Connection", "close"}}, QByteArray());
        }
        return std::nullopt;
    }
    if (request.method == "CONNECT") {
        return segmentRoute(request.escapedPath); // ServeMux leaves CONNECT paths as they are
    }
    const QByteArray cleaned = muxCleanPath(request.escapedPath);
    if (cleaned != request.escapedPath) {
        QByteArray location = escapePathForLocation(cleaned);
        if (!request.rawQuery.isEmpty()) {
            location += '?' + request.rawQuery;
        }
        HttpHeaders headers{{"Location", location}};
        QByteArray body;
        if (request.method == "GET" || request.method == "HEAD") {
            headers.append(
                std::pair<QByteArray, QByteArray>("Content-Type", "text/html; charset=utf-8"));
        }
        if (request.method == "GET") {
            body = "<a href=\"" + htmlEscape(location) + "\">Moved Permanently</a>.\n\n";
        }
        connection.respond(301, headers, body);
        return std::nullopt;
    }
    return segmentRoute(cleaned);
}

QByteArray GoHttp::routeOf(const HttpRequest &head)
{
    if (head.target == "*" || muxCleanPath(head.escapedPath) != head.escapedPath) {
        return QByteArray();
    }
    return segmentRoute(head.escapedPath);
}

void GoHttp::notFound(HttpConnection &connection)
{
    plainError(connection, 404, "404 page not found");
}

bool GoHttp::allowMethod(HttpConnection &connection, const HttpRequest &request, const char *method)
{
    if (request.method == method) {
        return true;
    }
    plainError(connection, 405, "method not allowed", {{"Allow", method}});
    return false;
}

void GoHttp::plainError(HttpConnection &connection, int status, const QByteArray &text,
                        HttpHeaders headers)
{
    headers.append(std::pair<QByteArray, QByteArray>("Content-Type", "text/plain; charset=utf-8"));
    headers.append(std::pair<QByteArray, QByteArray>("X-Content-Type-Options", "nosniff"));
    connection.respond(status, headers, text + '\n');
}

void GoHttp::json(HttpConnection &connection, int status, const QByteArray &json,
                  HttpHeaders headers)
{
    // Go's writeJSON replaces any Content-Type set before (the watch's SSE one).
    headers.removeIf([](const auto &header) { return header.first == "Content-Type"; });
    headers.append(std::pair<QByteArray, QByteArray>("Content-Type", "application/json"));
    connection.respond(status, headers, json);
}

void GoHttp::error(HttpConnection &connection, int status, const QString &code,
                   const QString &message, HttpHeaders headers)
{
    json(connection, status, ApiEnvelope::errorJson(code, message), std::move(headers));
}

void GoHttp::badRequest(HttpConnection &connection, const QString &message, HttpHeaders headers)
{
    error(connection, 400, QStringLiteral("bad_request"), message, std::move(headers));
}

void GoHttp::notLeader(HttpConnection &connection, quint64 leaderId, const QString &leaderAddr)
{
    const QString message = QStringLiteral("current node is not leader, leaderId=%1 leaderAddr=%2")
                                .arg(leaderId)
                                .arg(leaderAddr);
    json(connection, 503,
         ApiEnvelope::errorJson(QStringLiteral("not_leader"), message, leaderId, leaderAddr));
}

} // namespace stellmap
