#pragma once

#include "tokenstore.h"

#include <QHash>

/*!
 * Tokens kept in memory for this session only ("this session only", no
 * keychain, tests). Answers like any TokenStore: one queued signal per call.
 */
class MemoryTokenStore : public TokenStore
{
    Q_OBJECT

public:
    using TokenStore::TokenStore;

    void read(const QString &profile) override;
    void write(const QString &profile, const QString &token) override;
    void remove(const QString &profile) override;

private:
    QHash<QString, QString> m_tokens;
};
