import { addEdge, applyEdgeChanges, applyNodeChanges, type Connection, type EdgeChange, type NodeChange, type XYPosition } from '@xyflow/react';
import { create } from 'zustand';
import { NODE_KEY_PATTERN, type ApiDefinition, type ApiRecord } from '../../shared/model/api.js';
import { nodeDefinition } from '../../shared/nodes/registry.js';
import { withDefaults } from '../../shared/nodes/types.js';
import { copyNodes, pasteCopies } from './clipboard.js';
import { baseKeyFor, definitionFromDoc, docFromDefinition, newId, uniqueKey, type EditorDoc, type Endpoint, type StepEdge, type StepNode } from './editor-doc.js';
import { emptyHistory, record, redo, undo, type History } from './history.js';
import { renameStepReferences } from './rename-references.js';

/** The draft as the server last stored it: what the next save is based on (If-Match), and the common ancestor when two windows' changes are merged. */
export type SavedDraft = { revision: number; definition: ApiDefinition };

type EditorState = EditorDoc & {
  apiId: string | null;
  saved: SavedDraft | null;
  history: History;
  /** Bumps on every change worth saving (positions included). */
  revision: number;
  /** Bumps on changes the compiler sees (not positions or selection). */
  contentRevision: number;
  selectedNodeIds: readonly string[];
  selectedEdgeIds: readonly string[];
};

type EditorActions = {
  open: (record: ApiRecord) => void;
  close: () => void;
  onNodesChange: (changes: NodeChange<StepNode>[]) => void;
  onEdgesChange: (changes: EdgeChange<StepEdge>[]) => void;
  setSelection: (nodeIds: string[], edgeIds: string[]) => void;
  /** Remembers the current state as an undo step; calls with the same key in quick succession make one step. */
  checkpoint: (key?: string) => void;
  connect: (connection: Connection) => void;
  addNode: (type: string, position: XYPosition, from?: { nodeId: string; port: string }) => string | null;
  updateConfig: (nodeId: string, patch: Record<string, unknown>, field?: string) => void;
  setKey: (nodeId: string, key: string) => void;
  updateEndpoint: (patch: Partial<Endpoint>, field?: string) => void;
  moveNodes: (positions: ReadonlyMap<string, XYPosition>) => void;
  selectNode: (nodeId: string) => void;
  undo: () => void;
  redo: () => void;
  copy: () => number;
  paste: (at?: XYPosition) => void;
};

export type EditorStore = EditorState & EditorActions;

const EMPTY_ENDPOINT: Endpoint = { name: '', description: '', method: 'GET', path: '/', query: [], params: [], bodySchema: null, auth: { required: false, keyGroupIds: [], scopes: [] }, rateLimit: null };

const docOf = (state: EditorState): EditorDoc => ({ endpoint: state.endpoint, nodes: state.nodes, edges: state.edges });
const keysOf = (nodes: readonly StepNode[]): Set<string> => new Set(nodes.map((node) => node.data.key));

/** Per node, the key its references were last renamed to, for renames typed through an invalid state. */
const lastValidKeys = new Map<string, string>();

/** The open API's draft, its selection and its undo history. The draft is saved by stores/autosave. */
export const useEditor = create<EditorStore>()((set, get) => {
  /** Applies a content change: bumps both revisions. */
  const change = (patch: Partial<EditorState>): void =>
    set((state) => ({ ...patch, revision: state.revision + 1, contentRevision: state.contentRevision + 1 }));

  return {
    apiId: null,
    saved: null,
    endpoint: EMPTY_ENDPOINT,
    nodes: [],
    edges: [],
    history: emptyHistory(),
    revision: 0,
    contentRevision: 0,
    selectedNodeIds: [],
    selectedEdgeIds: [],

    open: (api) => {
      lastValidKeys.clear();
      const doc = docFromDefinition(api);
      const saved = { revision: api.revision, definition: definitionFromDoc(doc) };
      set((state) => ({ ...doc, apiId: api.id, saved, history: emptyHistory(), selectedNodeIds: [], selectedEdgeIds: [], revision: 0, contentRevision: state.contentRevision + 1 }));
    },
    close: () => set({ apiId: null, saved: null, endpoint: EMPTY_ENDPOINT, nodes: [], edges: [], history: emptyHistory(), selectedNodeIds: [], selectedEdgeIds: [], revision: 0 }),

    onNodesChange: (changes) => {
      const state = get();
      let structural = false;
      let moved = false;
      for (const item of changes) {
        if (item.type === 'remove' || item.type === 'add' || item.type === 'replace') structural = true;
        else if (item.type === 'position' && item.position) moved = true;
      }
      if (structural) get().checkpoint('remove');
      const nodes = applyNodeChanges(changes, state.nodes);
      if (structural) change({ nodes });
      else if (moved) set({ nodes, revision: state.revision + 1 });
      else set({ nodes });
    },
    onEdgesChange: (changes) => {
      const structural = changes.some((item) => item.type !== 'select');
      if (structural) get().checkpoint('remove');
      const edges = applyEdgeChanges(changes, get().edges);
      if (structural) change({ edges });
      else set({ edges });
    },
    setSelection: (nodeIds, edgeIds) => set({ selectedNodeIds: nodeIds, selectedEdgeIds: edgeIds }),

    checkpoint: (key) => set((state) => ({ history: record(state.history, docOf(state), key ?? null, Date.now()) })),

    connect: (connection) => {
      if (!connection.source || !connection.target || connection.source === connection.target) return;
      const port = connection.sourceHandle ?? 'out';
      get().checkpoint();
      // One edge per output port: connecting from a used port moves its edge.
      const others = get().edges.filter((edge) => !(edge.source === connection.source && (edge.sourceHandle ?? 'out') === port));
      const edge: StepEdge = { id: newId('e'), type: 'step', source: connection.source, sourceHandle: port, target: connection.target, targetHandle: null };
      change({ edges: addEdge(edge, others) });
    },

    addNode: (type, position, from) => {
      const definition = nodeDefinition(type);
      if (!definition) return null;
      const state = get();
      state.checkpoint();
      const id = newId('n');
      const node: StepNode = {
        id,
        type: 'step',
        position,
        data: { type, typeVersion: definition.version, key: uniqueKey(baseKeyFor(definition), keysOf(state.nodes)), config: withDefaults(definition, {}) },
        selected: true,
      };
      const nodes = [...state.nodes.map((other) => (other.selected ? { ...other, selected: false } : other)), node];
      const edges = state.edges.map((edge) => (edge.selected ? { ...edge, selected: false } : edge));
      change({ nodes, edges, selectedNodeIds: [id], selectedEdgeIds: [] });
      if (from) get().connect({ source: from.nodeId, sourceHandle: from.port, target: id, targetHandle: null });
      return id;
    },

    updateConfig: (nodeId, patch, field) => {
      get().checkpoint(`config:${nodeId}:${field ?? Object.keys(patch).join(',')}`);
      const nodes = get().nodes.map((node) => (node.id === nodeId ? { ...node, data: { ...node.data, config: { ...node.data.config, ...patch } } } : node));
      change({ nodes });
    },
    setKey: (nodeId, key) => {
      get().checkpoint(`key:${nodeId}`);
      const nodes = get().nodes;
      // While the key is being typed it may be briefly invalid or empty: references follow from the last valid one.
      const previous = nodes.find((node) => node.id === nodeId)?.data.key ?? '';
      const from = NODE_KEY_PATTERN.test(previous) ? previous : (lastValidKeys.get(nodeId) ?? previous);
      if (NODE_KEY_PATTERN.test(from)) lastValidKeys.set(nodeId, from);
      const taken = nodes.some((node) => node.id !== nodeId && node.data.key === key);
      const renamed = NODE_KEY_PATTERN.test(key) && !taken ? renameStepReferences(nodes, from, key) : nodes;
      if (NODE_KEY_PATTERN.test(key) && !taken) lastValidKeys.set(nodeId, key);
      change({ nodes: renamed.map((node) => (node.id === nodeId ? { ...node, data: { ...node.data, key } } : node)) });
    },
    updateEndpoint: (patch, field) => {
      get().checkpoint(`endpoint:${field ?? Object.keys(patch).join(',')}`);
      change({ endpoint: { ...get().endpoint, ...patch } });
    },
    moveNodes: (positions) => {
      get().checkpoint();
      const nodes = get().nodes.map((node) => {
        const position = positions.get(node.id);
        return position ? { ...node, position } : node;
      });
      change({ nodes });
    },
    selectNode: (nodeId) => {
      const { nodes, edges } = get();
      set({
        nodes: nodes.map((node) => (Boolean(node.selected) === (node.id === nodeId) ? node : { ...node, selected: node.id === nodeId })),
        edges: edges.map((edge) => (edge.selected ? { ...edge, selected: false } : edge)),
        selectedNodeIds: [nodeId],
        selectedEdgeIds: [],
      });
    },

    undo: () => {
      const state = get();
      const step = undo(state.history, docOf(state));
      if (step) change({ ...step.doc, nodes: deselected(step.doc.nodes), history: step.history });
    },
    redo: () => {
      const state = get();
      const step = redo(state.history, docOf(state));
      if (step) change({ ...step.doc, nodes: deselected(step.doc.nodes), history: step.history });
    },

    copy: () => copyNodes(get().nodes, get().edges),
    paste: (at) => {
      const state = get();
      const copies = pasteCopies(keysOf(state.nodes), at);
      if (!copies) return;
      state.checkpoint();
      const nodes = [...state.nodes.map((node) => (node.selected ? { ...node, selected: false } : node)), ...copies.nodes];
      const edges = [...state.edges.map((edge) => (edge.selected ? { ...edge, selected: false } : edge)), ...copies.edges];
      change({ nodes, edges, selectedNodeIds: copies.nodes.map((node) => node.id), selectedEdgeIds: [] });
    },
  };
});

const deselected = (nodes: StepNode[]): StepNode[] => nodes.map((node) => (node.selected ? { ...node, selected: false } : node));
