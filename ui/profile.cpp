#include "profile.h"

using namespace stellmap;

ClientOptions Profile::clientOptions(ValidationError *error) const
{
    ClientOptions options;
    options.servers = ClientOptions::parseServers(servers, error);
    options.caFile = caFile;
    options.token = token;
    if (!*error) {
        *error = options.validate();
    }
    return options;
}

ValidationError Profile::validate() const
{
    if (name.trimmed().isEmpty()) {
        return {QStringLiteral("name"), QStringLiteral("a profile needs a name")};
    }
    if (namespaces.isEmpty()) {
        return {QStringLiteral("namespaces"),
                QStringLiteral("name at least one namespace to watch (the API cannot list them)")};
    }
    ValidationError error;
    clientOptions(&error);
    return error;
}
