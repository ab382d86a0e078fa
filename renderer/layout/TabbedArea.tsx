import type { PanelDefinition } from './panel-registry.js';

type Props = {
  panels: readonly PanelDefinition[];
  active: string;
  onSelect: (id: string) => void;
  label: string;
  className?: string;
  /** Extra controls at the end of the tab strip (e.g. collapse). */
  trailing?: React.ReactNode;
};

/** A strip of tabs over one visible panel; the hidden ones are not mounted. */
export function TabbedArea({ panels, active, onSelect, label, className, trailing }: Props) {
  const current = panels.find((panel) => panel.id === active) ?? panels[0];
  return (
    <section className={`tabbed-area ${className ?? ''}`} aria-label={label}>
      <div className="tabs" role="tablist">
        {panels.map((panel) => (
          <button key={panel.id} type="button" role="tab" className="tab" aria-selected={panel.id === current?.id} onClick={() => onSelect(panel.id)}>
            {panel.title}
            {panel.Badge ? <panel.Badge /> : null}
          </button>
        ))}
        {trailing ? <div className="tabs-trailing">{trailing}</div> : null}
      </div>
      <div className="tabbed-content scroll" role="tabpanel">
        {current ? <current.Component /> : null}
      </div>
    </section>
  );
}
