"""SLIMS tables as typed records, each field named as the real column, and the runs the client assembles."""

from __future__ import annotations

from dataclasses import dataclass, field

from aind_metadata_service.sources.slims.entities import (
    Date,
    Flag,
    Number,
    Quantity,
    Ref,
    Refs,
    SlimsRecord,
    Text,
    Texts,
)


class Content(SlimsRecord):
    """A mouse, a specimen (a whole brain) or a reagent."""

    table, key = "Content", "cntn_pk"
    cntn_barCode: Text
    cntn_cf_parentBarcode: Text = None
    cntn_fk_category: Ref = Ref()
    cntn_fk_source: Ref = Ref()
    cntn_cf_lotNumber: Text = None
    cntn_cf_fk_reagentCatalogNumber: Ref = Ref()
    cntn_cf_baselineWeight: Quantity = Quantity()

    @property
    def subject_id(self) -> str | None:
        """The mouse: a specimen's parent, or the content itself."""
        parent = self.cntn_cf_parentBarcode
        return parent if parent and parent.isdigit() else self.cntn_barCode


class ContentEvent(SlimsRecord):
    """Something that happened to a content, such as a water restriction."""

    table, key = "ContentEvent", "cnvn_pk"
    cnvn_fk_content: int
    cnvt_name: Text = None
    cnvn_createdOn: Date = None
    cnvn_cf_startDate: Date = None
    cnvn_cf_endDate: Date = None
    cnvn_cf_assignedBy: Text = None
    cnvn_cf_targetWeightFraction: Number = None
    cnvn_cf_iacucProtocol: Text = None


class ExperimentTemplate(SlimsRecord):
    """A kind of experiment run."""

    table, key = "ExperimentTemplate", "xptm_pk"
    xptm_name: Text


class ExperimentRun(SlimsRecord):
    """One run of a template."""

    table, key = "ExperimentRun", "xprn_pk"
    xprn_fk_experimentTemplate: Ref
    xprn_createdOn: Date
    xptm_name: Text = None


class ExperimentRunStep(SlimsRecord):
    """A step of a run; the custom fields depend on the step."""

    table, key = "ExperimentRunStep", "xprs_pk"
    xprs_fk_experimentRun: int
    xprs_name: Text
    xprs_modifiedBy: Text = None
    xprs_cf_fk_operator: Ref = Ref()
    xprs_cf_sessionType: Text = None
    xprs_cf_mousePlatformName: Text = None
    xprs_cf_activeMousePlatform: Flag = None
    xprs_cf_fk_instrument: Ref = Ref()
    xprs_cf_deviceCalibrations: Text = None
    xprs_cf_fk_protocol: Ref = Ref()
    xprs_cf_spimWashType: Text = None
    xprs_cf_fk_reagent: Refs = Refs()
    xprs_cf_startTime: Date = None
    xprs_cf_endTime: Date = None
    xprs_cf_mass: Quantity = Quantity()


class ExperimentRunStepContent(SlimsRecord):
    """Which content a step worked on."""

    table, key = "ExperimentRunStepContent", "xrsc_pk"
    xrsc_fk_experimentRunStep: int
    xrsc_fk_content: int


class Result(SlimsRecord):
    """A result recorded in a step: a mouse session, its streams, or imaging metadata."""

    table, key = "Result", "rslt_pk"
    rslt_fk_experimentRunStep: int
    test_label: Text = None
    rslt_fk_content: int | None = None
    rslt_cf_fk_mouseSession: int | None = None
    rslt_cf_sessionName: Text = None
    rslt_cf_animalWeightPrior: Quantity = Quantity()
    rslt_cf_animalWeightPost: Quantity = Quantity()
    rslt_cf_rewardConsumedvolume: Quantity = Quantity()
    rslt_cf_linkToStimulusEpochCode: Text = None
    rslt_cf_stimulusEpochs: Ref = Ref()
    rslt_cf_fk_rewardDelivery: Ref = Ref()
    rslt_cf_streamModalities: Texts = None
    rslt_cf_daqNames: Texts = None
    rslt_cf_cameraNames: Texts = None
    rslt_cf_fk_modulesinStream: Refs = Refs()
    rslt_cf_datePerformed: Date = None
    rslt_cf_fk_operator: Ref = Ref()
    rslt_cf_sampleRefractiveIndex: Number = None
    rslt_cf_sampleImmersionMedium: Text = None
    rslt_cf_chamberRefractiveIndex: Number = None
    rslt_cf_chamberImmersionMedium: Text = None
    rslt_cf_fk_spimBrainOrientation: Ref = Ref()
    rslt_cf_fk_instrumentJson: Ref = Ref()


class ReferenceDataRecord(SlimsRecord):
    """Reference data: reward delivery, spouts, dome modules, instruments, orientations, reagent details."""

    table, key = "ReferenceDataRecord", "rdrc_pk"
    rdrc_name: Text = None
    rdrc_fk_referenceDataType: Ref = Ref()
    rdrc_cf_rewardSolution: Text = None
    rdrc_cf_specifyRewardSolution: Text = None
    rdrc_cf_fk_rewardSpouts: Refs = Refs()
    rdrc_cf_spoutSide: Text = None
    rdrc_cf_startingPosition: Text = None
    rdrc_cf_variablePosition: Text = None
    rdrc_cf_implantHole: Text = None
    rdrc_cf_assemblyName: Text = None
    rdrc_cf_probeName: Text = None
    rdrc_cf_fk_primaryTargetedStructure: Ref = Ref()
    rdrc_cf_fk_secondaryTargetedStructures: Refs = Refs()
    rdrc_cf_fk_secondaryTargetedStructures2: Refs = Refs()
    rdrc_cf_arcAngle: Quantity = Quantity()
    rdrc_cf_moduleAngle: Quantity = Quantity()
    rdrc_cf_rotationAngle: Quantity = Quantity()
    rdrc_cf_coordinateTransform: Ref = Ref()
    rdrc_cf_ccfCoordinatesAp: Quantity = Quantity()
    rdrc_cf_ccfCoordinatesMl: Quantity = Quantity()
    rdrc_cf_ccfCoordinatesDv: Quantity = Quantity()
    rdrc_cf_ccfVersion: Text = None
    rdrc_cf_bregmaAP: Quantity = Quantity()
    rdrc_cf_bregmaML: Quantity = Quantity()
    rdrc_cf_bregmaDV: Quantity = Quantity()
    rdrc_cf_surfaceZ: Quantity = Quantity()
    rdrc_cf_manipulatorX: Quantity = Quantity()
    rdrc_cf_manipulatory: Quantity = Quantity()  # lower-case y, as SLIMS spells it
    rdrc_cf_manipulatorZ: Quantity = Quantity()
    rdrc_cf_fk_dye: Ref = Ref()
    rdrc_cf_xDirection: Text = None
    rdrc_cf_yDirection: Text = None
    rdrc_cf_zDirection: Text = None
    rdrc_cf_fk_manufacturer: Ref = Ref()
    rdrc_cf_targetProtein: Text = None


class Sop(SlimsRecord):
    """A protocol; stop_link holds an HTML anchor."""

    table, key = "SOP", "stop_pk"
    stop_name: Text = None
    stop_link: Text = None


class OrderContent(SlimsRecord):
    """A content's place in an order."""

    table, key = "OrderContent", "rdcn_pk"
    rdcn_fk_order: int
    rdcn_fk_content: int


class Order(SlimsRecord):
    """An order, such as a SmartSPIM histology and imaging request with its channels."""

    table, key = "Order", "ordr_pk"
    ordr_fk_orderType: Ref = Ref()
    ordr_cf_fluorescenceChannels_Imaging: Texts = None
    ordr_cf_fluorescenceChannels_Stitching: Texts = None
    ordr_cf_fluorescenceChannels_CcfRegistration: Texts = None
    ordr_cf_fluorescenceChannels_CellSegmentation: Texts = None


@dataclass(frozen=True)
class Linked:
    """Records that runs point at, by pk, shared by the runs of one answer."""

    references: dict[int, ReferenceDataRecord] = field(default_factory=dict)
    sops: dict[int, Sop] = field(default_factory=dict)
    reagents: dict[int, Content] = field(default_factory=dict)
    orders: dict[int, list[Order]] = field(default_factory=dict)  # by content pk


@dataclass(frozen=True)
class Run:
    """One experiment run with its steps, the contents it worked on, its results and what they link to."""

    run: ExperimentRun
    steps: list[ExperimentRunStep]
    contents: list[Content]
    results: list[Result] = field(default_factory=list)
    linked: Linked = field(default_factory=Linked)


@dataclass(frozen=True)
class WaterRestrictionEvent:
    """A water restriction and the mouse it restricts."""

    event: ContentEvent
    mouse: Content


def group_runs(
    runs: list[ExperimentRun],
    steps: list[ExperimentRunStep],
    links: list[ExperimentRunStepContent],
    contents: list[Content],
) -> list[Run]:
    """Each run with its steps and the contents its steps worked on."""
    run_of_step = {s.pk: s.xprs_fk_experimentRun for s in steps}
    by_pk = {c.pk: c for c in contents}
    grouped = []
    for run in runs:
        linked = [link.xrsc_fk_content for link in links if run_of_step.get(link.xrsc_fk_experimentRunStep) == run.pk]
        worked_on = [by_pk[pk] for pk in dict.fromkeys(linked) if pk in by_pk]
        grouped.append(Run(run, [s for s in steps if s.xprs_fk_experimentRun == run.pk], worked_on))
    return grouped


def attach_results(runs: list[Run], results: list[Result], linked: Linked) -> list[Run]:
    """The runs with their results and the records they link to."""
    run_of_step = {s.pk: r.run.pk for r in runs for s in r.steps}
    return [
        Run(
            r.run,
            r.steps,
            r.contents,
            [x for x in results if run_of_step.get(x.rslt_fk_experimentRunStep) == r.run.pk],
            linked,
        )
        for r in runs
    ]
