#include "clientoptions.h"

#include <QFile>
#include <QSslCertificate>

namespace stellmap {

QList<QUrl> ClientOptions::parseServers(const QStringList &texts, ValidationError *error)
{
    *error = {};
    QList<QUrl> servers;
    for (const QString &text : texts) {
        for (const QString &part : text.split(QLatin1Char(','))) {
            const QString trimmed = part.trimmed();
            if (trimmed.isEmpty()) {
                continue;
            }
            const QString withScheme = trimmed.contains(QLatin1String("://"))
                                           ? trimmed
                                           : QLatin1String("http://") + trimmed;
            const QUrl url(withScheme, QUrl::StrictMode);
            if (!url.isValid() || url.host().isEmpty()) {
                // Never echo a password written into the URL.
                QString shown = withScheme;
                const qsizetype schemeEnd = shown.indexOf(QLatin1String("://"));
                const qsizetype at = shown.lastIndexOf(QLatin1Char('@'));
                if (at > schemeEnd) {
                    shown.replace(schemeEnd + 3, at - schemeEnd - 3, QStringLiteral("..."));
                }
                *error = {QStringLiteral("server"),
                          QStringLiteral("\"%1\" is not a server URL like http://127.0.0.1:8080")
                              .arg(shown)};
                return {};
            }
            servers.append(url);
        }
    }
    return servers;
}

ValidationError ClientOptions::validate() const
{
    if (servers.isEmpty()) {
        return {QStringLiteral("server"), QStringLiteral("at least one server URL is required")};
    }
    for (const QUrl &server : servers) {
        // Never echo the URL's password into an error message.
        const QString shown = server.toDisplayString(QUrl::RemoveUserInfo);
        if (server.scheme() != QLatin1String("http") && server.scheme() != QLatin1String("https")) {
            return {QStringLiteral("server"),
                    QStringLiteral("\"%1\": only http and https are supported").arg(shown)};
        }
        if (server.host().isEmpty()) {
            return {QStringLiteral("server"),
                    QStringLiteral("\"%1\": the host is missing").arg(shown)};
        }
        if (!server.userInfo().isEmpty()) {
            return {QStringLiteral("server"),
                    QStringLiteral("\"%1\": credentials do not belong in the URL; use the token")
                        .arg(shown)};
        }
        if (server.hasQuery() || server.hasFragment()) {
            return {QStringLiteral("server"),
                    QStringLiteral("\"%1\": a server URL has no query or fragment").arg(shown)};
        }
    }
    if (timeoutMs <= 0) {
        return {QStringLiteral("timeout"), QStringLiteral("the timeout must be positive")};
    }
    if (!caFile.isEmpty()) {
        QFile file(caFile);
        if (!file.open(QIODevice::ReadOnly)) {
            return {QStringLiteral("ca-file"),
                    QStringLiteral("cannot read \"%1\": %2").arg(caFile, file.errorString())};
        }
        if (QSslCertificate::fromDevice(&file, QSsl::Pem).isEmpty()) {
            return {QStringLiteral("ca-file"),
                    QStringLiteral("\"%1\" holds no PEM certificate").arg(caFile)};
        }
    }
    return {};
}

QSslConfiguration ClientOptions::sslConfiguration() const
{
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    // A private CA is added to the system's; checking is never switched off.
    configuration.setPeerVerifyMode(QSslSocket::VerifyPeer);
    if (!caFile.isEmpty()) {
        configuration.addCaCertificates(caFile, QSsl::Pem);
    }
    return configuration;
}

QNetworkRequest ClientOptions::request(const QUrl &server, const QString &path,
                                       const QByteArray &query, const QSslConfiguration &tls) const
{
    QUrl url = server;
    QString basePath = url.path();
    while (basePath.endsWith(QLatin1Char('/'))) {
        basePath.chop(1);
    }
    url.setPath(basePath + path);
    url.setQuery(QString::fromLatin1(query), QUrl::StrictMode);
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    if (!token.isEmpty() && isTrustedHost(url)) {
        request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
    }
    if (url.scheme() == QLatin1String("https")) {
        request.setSslConfiguration(tls);
    }
    return request;
}

bool ClientOptions::isTrustedHost(const QUrl &url) const
{
    for (const QUrl &server : servers) {
        if (server.host().compare(url.host(), Qt::CaseInsensitive) == 0) {
            return true;
        }
    }
    return false;
}

} // namespace stellmap
