/// The built-in skills vocabulary: the contents of `config/skills.txt` (a test checks that the
/// two are identical, so edit both together).
let defaultSkills = #"""
    # Intake's skills vocabulary: the skills matched anywhere in a posting's own text (boilerplate
    # aside), in addition to the posting's own skills section. One skill per line; aliases after "|";
    # "#" starts a comment. Names of three characters or fewer match case-sensitively.
    # Extend it with `intake parse --skills FILE` / `intake run --skills FILE` (added to these).
    Python
    Java
    Scala
    Go|Golang
    Rust
    C++
    C#
    JavaScript
    TypeScript
    SQL
    NoSQL
    R
    Bash
    Spark|Apache Spark|PySpark
    Kafka|Apache Kafka
    Airflow|Apache Airflow
    dbt
    Flink|Apache Flink
    Hadoop
    Snowflake
    Databricks
    BigQuery
    Redshift
    PostgreSQL|Postgres
    MySQL
    MongoDB
    Redis
    Elasticsearch
    pgvector
    Pinecone
    Weaviate
    Chroma|ChromaDB
    FAISS
    Milvus
    Qdrant
    AWS|Amazon Web Services
    AWS SageMaker|SageMaker
    Azure
    Azure ML|Azure Machine Learning
    GCP|Google Cloud|Google Cloud Platform
    Google AI Platform|Vertex AI
    Docker
    Kubernetes|k8s
    Terraform
    Jenkins
    GitHub Actions
    Git
    CI/CD
    Linux
    PyTorch
    TensorFlow
    JAX
    Keras
    scikit-learn|sklearn
    pandas
    NumPy
    XGBoost
    Hugging Face|Huggingface|Hugging Face Transformers
    Transformers
    LangChain
    LlamaIndex
    OpenAI
    vLLM
    Triton
    MLflow
    Kubeflow
    FastAPI
    Flask
    Django
    Tableau
    Power BI
    matplotlib
    seaborn
    Excel
    Tesseract
    OCR
    NLP|natural language processing
    Computer Vision
    Machine Learning
    Deep Learning
    Generative AI|GenAI
    LLM|LLMs|large language models
    RAG|Retrieval Augmented Generation|Retrieval-Augmented Generation
    Prompt Engineering
    Fine-tuning|fine tuning
    MLOps
    Agentic AI
    Great Expectations
    Statistics
    Data Engineering
    Data Visualization
    """#
