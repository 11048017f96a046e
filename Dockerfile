# The app for docker compose: built with the .NET SDK, run on the ASP.NET runtime image.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props .editorconfig HelpDesk.sln ./
COPY src/HelpDesk.Domain/HelpDesk.Domain.csproj src/HelpDesk.Domain/
COPY src/HelpDesk.Web/HelpDesk.Web.csproj src/HelpDesk.Web/
RUN dotnet restore src/HelpDesk.Web/HelpDesk.Web.csproj
COPY src/ src/
RUN dotnet publish src/HelpDesk.Web/HelpDesk.Web.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app ./
ENV ASPNETCORE_URLS=http://+:8080
EXPOSE 8080
USER app
ENTRYPOINT ["dotnet", "HelpDesk.Web.dll"]
