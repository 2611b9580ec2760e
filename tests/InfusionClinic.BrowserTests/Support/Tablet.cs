using Microsoft.Playwright;

namespace InfusionClinic.BrowserTests.Support;

/// <summary>The nurse's and clinician's tablets: the two viewports and its touch-target bar (44 px).</summary>
public static class Tablet
{
    public const int MinTarget = 44;

    /// <summary>1024×768, the tablet held sideways.</summary>
    public static Task LandscapeAsync(this IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return page.SetViewportSizeAsync(1024, 768);
    }

    /// <summary>768×1024, the tablet held upright.</summary>
    public static Task PortraitAsync(this IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return page.SetViewportSizeAsync(768, 1024);
    }

    /// <summary>
    /// Every visible button, link, input, select and text area of the screen's content (<c>main</c>) is at least 44×44 CSS
    /// pixels where a finger lands on it: its own box, or the label around it when it has one (a tap on a check box's label
    /// ticks it). Returns the ones that are smaller, described, so a failure names them.
    /// </summary>
    public static async Task<IReadOnlyList<string>> SmallTouchTargetsAsync(this IPage page, string scope = "main")
    {
        ArgumentNullException.ThrowIfNull(page);
        var small = await page.EvaluateAsync<string[]>(
            """
            ([scope, min]) => {
              const root = document.querySelector(scope);
              if (!root) return ['no ' + scope];
              const targets = root.querySelectorAll('button, a[href], input:not([type=hidden]), select, textarea, [role=button], [role=combobox], [role=checkbox], [role=radio]');
              const out = [];
              for (const el of targets) {
                const style = getComputedStyle(el);
                let r = el.getBoundingClientRect();
                if (r.width === 0 || r.height === 0 || style.visibility === 'hidden' || style.display === 'none' || el.closest('[aria-hidden=true]')) continue;
                const label = el.closest('label');
                if (label) {
                  const l = label.getBoundingClientRect();
                  if (l.width * l.height > r.width * r.height) r = l;
                }
                if (r.width < min || r.height < min) {
                  const name = (el.getAttribute('aria-label') || el.textContent || el.getAttribute('name') || el.id || '').trim().slice(0, 40);
                  out.push(`${el.tagName.toLowerCase()}${el.type ? '[' + el.type + ']' : ''} "${name}" ${Math.round(r.width)}×${Math.round(r.height)}`);
                }
              }
              return out;
            }
            """, new object[] { scope, MinTarget });
        return small;
    }
}
