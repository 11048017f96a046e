# helpdesk/app — the web app, self-contained (its own .NET runtime) on a minimal Debian with ICU, tzdata and CA
# certificates. The build context is the publish folder, not the repository: docker/build-images.sh runs
# `dotnet publish src/HelpDesk.Web -c Release -r linux-x64 --self-contained` on the host and then
#   docker build -f Dockerfile -t helpdesk/app PUBLISH_FOLDER
# so no SDK image is needed. BASE_IMAGE is the imported debootstrap root (helpdesk/debian-dotnet-base); where a
# registry is reachable, mcr.microsoft.com/dotnet/runtime-deps:10.0 works the same (it has the user `app` too).
ARG BASE_IMAGE=helpdesk/debian-dotnet-base
FROM ${BASE_IMAGE}
WORKDIR /app
COPY . /app/
# The app writes its log files to /app/logs and, without an SMTP host, e-mails as .eml files to the pickup folder.
RUN mkdir -p /app/logs /var/lib/helpdesk/mail \
    && chown app:app /app/logs /var/lib/helpdesk /var/lib/helpdesk/mail
ENV ASPNETCORE_URLS=http://+:8080 \
    Mail__PickupDirectory=/var/lib/helpdesk/mail \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
USER app
EXPOSE 8080
ENTRYPOINT ["/app/HelpDesk.Web"]
