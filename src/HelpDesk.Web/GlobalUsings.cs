// The shared kernel every slice uses: who is asking (Viewer), which tickets they may see, uploads.
global using HelpDesk.Web.Features.Shared;
