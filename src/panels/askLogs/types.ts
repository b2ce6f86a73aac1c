export interface AskLogsOptions {
  /** Loki data source uid used to build "Open in Explore" links. */
  datasourceUid: string;
  /** Optional LogQL stream selector scoping every question, e.g. {namespace="$namespace"}; dashboard variables are expanded. */
  selector: string;
  /** Send single-valued dashboard variables to the sidecar as label hints. */
  variablesAsHints: boolean;
  /** Minutes of log context shown on each side of a cited line in Explore. */
  exploreContextMinutes: number;
  /** Max citations requested. */
  limit: number;
  /** Show alert annotations of the dashboard's time range with an Explain button. */
  showAlerts: boolean;
}

export const DEFAULT_OPTIONS: AskLogsOptions = {
  datasourceUid: '',
  selector: '',
  variablesAsHints: true,
  exploreContextMinutes: 5,
  limit: 8,
  showAlerts: false,
};
