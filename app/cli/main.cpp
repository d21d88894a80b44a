#include <QCoreApplication>
#include <cstdio>
#include "crucible/version.h"
int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    std::printf("crucible-cli %s\n", CRUCIBLE_VERSION_STRING);
    return 0;
}
