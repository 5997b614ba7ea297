namespace SampleConformance;

/// <summary>Asks the real backend whether a user holds a permission on a resource.</summary>
public interface IAccessProbe
{
    Task<bool> HasAccessAsync(string username, string resourceId, string permission);
}
