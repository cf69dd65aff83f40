#include "tokenstore.h"

QString TokenStore::noBackendMessage()
{
    return QStringLiteral("no keychain service is running (e.g. gnome-keyring or KWallet): "
                          "the token can be kept for this session only");
}
